using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;
using Portal.Shared.Fleet;

namespace Portal.Server.History;

/// <summary>
/// Keeps the state changes of each service's CloudWatch alarms, so the timeline shows when a
/// regression began (into ALARM) and when it ended (back to OK). Each refresh shows every alarm's
/// state and when it last changed; a change not archived yet is written. An alarm first seen at OK
/// has nothing to tell, so it is written only once it has left OK before: a start-up adds no rows
/// for a fleet at rest. A change that began and ended between two refreshes is not seen.
/// </summary>
public sealed partial class AlarmChangeArchive(
    IDbContextFactory<PortalDbContext> contexts, IOptions<HistoryOptions> options, TimeProvider time, ILogger<AlarmChangeArchive> logger)
    : IHistoryArchive
{
    public const int ReasonLength = 1024;
    private const string OkState = "OK";

    /// <summary>Per environment and alarm, the last change already archived or found not worth archiving. Only the recorder's one loop touches it.</summary>
    private readonly Dictionary<(string Environment, string Alarm), DateTimeOffset> _lookedAt = [];

    public async Task<int> ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);

        // Most refreshes change no alarm: those whose last change was already looked at are passed over.
        var seen = snapshot.Services
            .SelectMany(s => s.Alarms.Select(a => (s.Cluster, Service: s.Name, Alarm: a)))
            .DistinctBy(a => a.Alarm.Name)
            .Where(a => !_lookedAt.TryGetValue((snapshot.Environment, a.Alarm.Name), out var at) || at != a.Alarm.StateUpdatedAt)
            .ToList();
        if (seen.Count == 0)
        {
            return 0;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var names = seen.Select(a => a.Alarm.Name).ToList();
        var latest = await context.ArchivedAlarmChanges
            .Where(c => c.Environment == snapshot.Environment && names.Contains(c.AlarmName))
            .GroupBy(c => c.AlarmName)
            .Select(g => new { AlarmName = g.Key, ChangedAt = g.Max(c => c.ChangedAt) })
            .ToDictionaryAsync(c => c.AlarmName, c => c.ChangedAt, StringComparer.Ordinal, cancellationToken);
        var fresh = seen.Where(a => IsNews(a.Alarm, latest.TryGetValue(a.Alarm.Name, out var at) ? at : null)).ToList();
        if (fresh.Count == 0)
        {
            Remember(snapshot.Environment, seen.Select(a => a.Alarm));
            return 0;
        }

        context.ArchivedAlarmChanges.AddRange(fresh.Select(a => new ArchivedAlarmChange
        {
            Environment = snapshot.Environment,
            Cluster = a.Cluster,
            Service = a.Service,
            AlarmName = a.Alarm.Name,
            State = a.Alarm.State,
            Severity = a.Alarm.Severity.ToString(),
            MetricName = a.Alarm.MetricName,
            Threshold = a.Alarm.Threshold,
            Reason = a.Alarm.StateReason is { Length: > ReasonLength } reason ? reason[..ReasonLength] : a.Alarm.StateReason,
            ChangedAt = a.Alarm.StateUpdatedAt,
        }));
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error)
        {
            // Another instance archived the same change first; the unique index kept one.
            LogRace(logger, snapshot.Environment, error.Message);
            return 0;
        }

        Remember(snapshot.Environment, seen.Select(a => a.Alarm));
        return fresh.Count;
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.Retention;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ArchivedAlarmChanges.Where(c => c.ChangedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private void Remember(string environment, IEnumerable<AlarmStatus> alarms)
    {
        foreach (var alarm in alarms)
        {
            _lookedAt[(environment, alarm.Name)] = alarm.StateUpdatedAt;
        }
    }

    /// <summary>A change newer than the last archived one; an alarm never archived counts once it is out of OK.</summary>
    private static bool IsNews(AlarmStatus alarm, DateTimeOffset? lastArchived) =>
        lastArchived is { } last ? alarm.StateUpdatedAt > last : alarm.State != OkState;

    [LoggerMessage(Level = LogLevel.Information, Message = "Archiving alarm changes of {Environment} met another writer: {Message}")]
    private static partial void LogRace(ILogger logger, string environment, string message);
}
