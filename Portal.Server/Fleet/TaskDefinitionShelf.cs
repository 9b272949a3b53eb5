using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Persistence;

namespace Portal.Server.Fleet;

/// <summary>Task definition revisions the portal has described before, wherever it keeps them.</summary>
public interface ITaskDefinitionShelf
{
    /// <summary>Those of the ARNs kept, by ARN.</summary>
    Task<IReadOnlyDictionary<string, EcsTaskDefinition>> FindAsync(IReadOnlyCollection<string> arns, CancellationToken cancellationToken);

    /// <summary>Keeps revisions just described; ones kept already stay as they are.</summary>
    Task KeepAsync(IReadOnlyCollection<EcsTaskDefinition> taskDefinitions, CancellationToken cancellationToken);
}

/// <summary>Keeps nothing: every process describes what it needs once (tests and benchmarks without a database).</summary>
public sealed class NoTaskDefinitionShelf : ITaskDefinitionShelf
{
    public static NoTaskDefinitionShelf Instance { get; } = new();

    public Task<IReadOnlyDictionary<string, EcsTaskDefinition>> FindAsync(IReadOnlyCollection<string> arns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, EcsTaskDefinition>>(new Dictionary<string, EcsTaskDefinition>(StringComparer.Ordinal));

    public Task KeepAsync(IReadOnlyCollection<EcsTaskDefinition> taskDefinitions, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Keeps described revisions in the portal's database, so a restart or a second instance reads them from
/// there instead of spending ECS's task definition read rate (about 1,000 calls per environment of 1,000
/// services). Only ARNs that end in a revision number are kept: those never change. A database that
/// fails costs calls, never a refresh: the poller describes what it could not find and goes on.
/// </summary>
public sealed partial class DatabaseTaskDefinitionShelf(
    IDbContextFactory<PortalDbContext> contexts, TimeProvider time, ILogger<DatabaseTaskDefinitionShelf> logger) : ITaskDefinitionShelf
{
    /// <summary>ARNs per query: well below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int ArnsPerQuery = 500;

    public async Task<IReadOnlyDictionary<string, EcsTaskDefinition>> FindAsync(IReadOnlyCollection<string> arns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arns);
        var found = new Dictionary<string, EcsTaskDefinition>(StringComparer.Ordinal);
        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            foreach (var chunk in arns.Where(IsRevision).Distinct(StringComparer.Ordinal).Chunk(ArnsPerQuery))
            {
                var rows = await context.KnownTaskDefinitions.AsNoTracking().Where(t => chunk.Contains(t.Arn)).ToListAsync(cancellationToken);
                foreach (var row in rows)
                {
                    found[row.Arn] = EcsTaskDefinitionReader.Read(JsonNode.Parse(row.Document), null);
                }
            }
        }
        catch (Exception error) when (error is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or System.Text.Json.JsonException)
        {
            LogUnreadable(logger, error);
        }

        return found;
    }

    public async Task KeepAsync(IReadOnlyCollection<EcsTaskDefinition> taskDefinitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(taskDefinitions);
        var fresh = taskDefinitions.Where(t => IsRevision(t.TaskDefinitionArn)).DistinctBy(t => t.TaskDefinitionArn, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        try
        {
            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var arns = fresh.Select(t => t.TaskDefinitionArn).ToList();
            var kept = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in arns.Chunk(ArnsPerQuery))
            {
                kept.UnionWith(await context.KnownTaskDefinitions.Where(t => chunk.Contains(t.Arn)).Select(t => t.Arn).ToListAsync(cancellationToken));
            }

            var now = time.GetUtcNow();
            context.KnownTaskDefinitions.AddRange(fresh.Where(t => !kept.Contains(t.TaskDefinitionArn)).Select(t => new KnownTaskDefinition
            {
                Arn = t.TaskDefinitionArn,
                Document = t.Document.ToJsonString(),
                DescribedAt = now,
            }));
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (Exception error) when (error is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // Most often another instance kept the same revision a moment earlier; either way the next start describes it again.
            LogNotKept(logger, fresh.Count, error);
        }
    }

    /// <summary>"arn:aws:ecs:eu-west-1:123456789012:task-definition/api:42": a revision, not a family's latest.</summary>
    public static bool IsRevision(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var colon = arn.LastIndexOf(':');
        return arn.Contains(":task-definition/", StringComparison.Ordinal)
            && colon > 0 && colon < arn.Length - 1 && arn.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task definitions kept in the database could not be read; they are described again")]
    private static partial void LogUnreadable(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} described task definitions could not be kept in the database")]
    private static partial void LogNotKept(ILogger logger, int count, Exception error);
}
