using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;
using Portal.Shared.Fleet;

namespace Portal.Server.History;

/// <summary>
/// Keeps every stopped task the poller described, beyond ECS's hour: after each refresh of an environment the
/// services' stopped tasks not yet archived are written, known by task ARN, so a task seen in many refreshes (or
/// again after a restart) is kept once. Kept for History:Retention, like service events.
/// </summary>
public sealed partial class StoppedTaskArchive(
    IDbContextFactory<PortalDbContext> contexts, IOptions<HistoryOptions> options, TimeProvider time, ILogger<StoppedTaskArchive> logger)
    : IHistoryArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var seen = snapshot.Services
            .SelectMany(s => s.Tasks.Stopped.Where(t => t.LastStatus == "STOPPED").Select(t => (Service: s, Task: t)))
            .DistinctBy(s => s.Task.Arn, StringComparer.Ordinal)
            .ToList();
        if (seen.Count == 0)
        {
            return 0;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var arns = seen.Select(s => s.Task.Arn).ToList();
        var known = (await context.ArchivedStoppedTasks
                .Where(t => t.Environment == snapshot.Environment && arns.Contains(t.TaskArn))
                .Select(t => t.TaskArn)
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var fresh = seen.Where(s => !known.Contains(s.Task.Arn)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        context.ArchivedStoppedTasks.AddRange(fresh.Select(s => ToRow(snapshot.Environment, s.Service, s.Task, snapshot.TakenAt)));
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error)
        {
            // Another instance archived some of them first; the next refresh retries the rest.
            LogRace(logger, snapshot.Environment, error.Message);
            return 0;
        }

        return fresh.Count;
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.Retention;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ArchivedStoppedTasks.Where(t => t.StoppedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The archived row read back as the task it was.</summary>
    public static TaskRecord ToRecord(ArchivedStoppedTask row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new TaskRecord(
            row.TaskArn,
            row.TaskDefinitionArn,
            "STOPPED",
            "STOPPED",
            row.HealthStatus,
            row.LaunchType,
            row.AvailabilityZone,
            row.StartedAt,
            row.StoppedAt,
            row.StopCode,
            row.StoppedReason,
            JsonSerializer.Deserialize<List<TaskContainerState>>(row.Containers, Json) ?? []);
    }

    private static ArchivedStoppedTask ToRow(string environment, ServiceSnapshot service, TaskRecord task, DateTimeOffset seenAt) => new()
    {
        Environment = environment,
        Cluster = service.Cluster,
        Service = service.Name,
        TaskArn = task.Arn,
        TaskDefinitionArn = task.TaskDefinitionArn,
        LaunchType = task.LaunchType,
        AvailabilityZone = task.AvailabilityZone,
        HealthStatus = task.HealthStatus,
        StartedAt = task.StartedAt,
        StoppedAt = task.StoppedAt ?? seenAt,
        StopCode = task.StopCode,
        StoppedReason = Cut(task.StoppedReason, 1024),
        Summary = Cut(task.StopSummary, 1100)!,
        Unexpected = task.IsUnexpectedStop,
        Containers = Cut(JsonSerializer.Serialize(task.Containers.Take(20).Select(c => c with { Reason = Cut(c.Reason, 255) }), Json), 8000)!,
    };

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Archiving stopped tasks of {Environment} met another writer: {Message}")]
    private static partial void LogRace(ILogger logger, string environment, string message);
}
