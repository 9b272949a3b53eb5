using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;
using Portal.Shared.Fleet;

namespace Portal.Server.History;

/// <summary>Section "History": how long archived service events and alarm changes are kept, and how fast ECS's service deployments are read.</summary>
public sealed class HistoryOptions
{
    public const string Section = "History";

    /// <summary>Archived events and alarm changes older than this are deleted; ECS itself keeps only a service's newest 100 events.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// At most this many services of an environment are asked about their service deployments after one
    /// refresh; the others wait for the next. Archived service deployments are kept for good, like the ledger.
    /// </summary>
    public int ServiceDeploymentReadsPerRefresh { get; set; } = 10;
}

/// <summary>
/// Keeps every service event the poller sees, beyond ECS's 100 per service: after each refresh of
/// an environment, the events not yet archived are written (ECS's event id, unique per service,
/// keeps a second sighting from adding a row).
/// </summary>
public sealed partial class ServiceEventArchive(
    IDbContextFactory<PortalDbContext> contexts, IOptions<HistoryOptions> options, TimeProvider time, ILogger<ServiceEventArchive> logger)
    : IHistoryArchive
{
    /// <summary>Writes the events of the snapshot that are not archived yet; returns how many were new.</summary>
    public async Task<int> ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var seen = snapshot.Clusters
            .SelectMany(c => c.Services.SelectMany(s => s.Events.Select(e => (Cluster: c.Name, Service: s.Name, Event: e))))
            .DistinctBy(e => (e.Cluster, e.Service, e.Event.Id))
            .ToList();
        if (seen.Count == 0)
        {
            return 0;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // Known by id, not by time: an id seen again with another time (a simulated organization
        // started afresh on the same database) must not be written twice, or the unique index would
        // refuse the whole batch on every refresh.
        var ids = seen.Select(e => e.Event.Id).Distinct().ToList();
        var known = (await context.ArchivedServiceEvents
                .Where(e => e.Environment == snapshot.Environment && ids.Contains(e.EventId))
                .Select(e => new { e.Cluster, e.Service, e.EventId })
                .ToListAsync(cancellationToken))
            .Select(e => (e.Cluster, e.Service, e.EventId))
            .ToHashSet();
        var fresh = seen.Where(e => !known.Contains((e.Cluster, e.Service, e.Event.Id))).ToList();
        context.ArchivedServiceEvents.AddRange(fresh.Select(e => new ArchivedServiceEvent
        {
            Environment = snapshot.Environment,
            Cluster = e.Cluster,
            Service = e.Service,
            EventId = e.Event.Id,
            CreatedAt = e.Event.CreatedAt,
            Message = e.Event.Message.Length > 4000 ? e.Event.Message[..4000] : e.Event.Message,
            Class = e.Event.Class.ToString(),
        }));
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

    /// <summary>Deletes archived events past the retention.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.Retention;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ArchivedServiceEvents.Where(e => e.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archiving events of {Environment} met another writer: {Message}")]
    private static partial void LogRace(ILogger logger, string environment, string message);
}
