using System.Collections.Concurrent;
using Portal.Shared.Fleet;

namespace Portal.Server.Fleet;

/// <summary>The latest snapshot of each environment with when it was taken and the last refresh error.</summary>
public sealed class FleetStore
{
    private readonly ConcurrentDictionary<string, EnvironmentRecord> _records = new(StringComparer.Ordinal);

    /// <summary>Raised with the environment's name after its record changed.</summary>
    public event Action<string>? Changed;

    public EnvironmentRecord Get(string environment) => _records.GetValueOrDefault(environment) ?? EnvironmentRecord.Empty;

    public void Publish(string environment, EnvironmentSnapshot snapshot, DateTimeOffset attemptedAt)
    {
        _records[environment] = new EnvironmentRecord(snapshot, attemptedAt, null);
        Changed?.Invoke(environment);
    }

    /// <summary>
    /// Replaces one service of the environment's snapshot with a newer read of it (the deployment
    /// follower's, mid-rollout) and raises <see cref="Changed"/> as a publish does. Every other
    /// service stays as the poller read it, and so do the snapshot's read times: the ECS part was
    /// read at TakenAt, CloudWatch at its own time, and the replaced service says when it was read.
    /// False, and nothing raised, when there is no snapshot or no such service in it yet.
    /// </summary>
    public bool ReplaceService(string environment, string cluster, string service, Func<ServiceSnapshot, ServiceSnapshot> replace)
    {
        ArgumentNullException.ThrowIfNull(replace);
        while (_records.TryGetValue(environment, out var record))
        {
            if (record.Snapshot is not { } snapshot
                || snapshot.Clusters.FirstOrDefault(c => c.Name == cluster) is not { } known
                || known.Services.FirstOrDefault(s => s.Name == service) is not { } before)
            {
                return false;
            }

            var after = replace(before);
            var clusters = snapshot.Clusters
                .Select(c => !ReferenceEquals(c, known) ? c : c with { Services = [.. c.Services.Select(s => ReferenceEquals(s, before) ? after : s)] })
                .ToList();

            // A publish that lands meanwhile wins: its snapshot is read again and the service replaced in it.
            if (_records.TryUpdate(environment, record with { Snapshot = snapshot with { Clusters = clusters } }, record))
            {
                Changed?.Invoke(environment);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A record read by the instance that holds the environment's lease. One older than what the
    /// store has (a message overtaken by a later one) is ignored.
    /// </summary>
    public void Receive(string environment, EnvironmentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var current = Get(environment);
        if (current.LastAttemptAt is { } had && record.LastAttemptAt is { } received && received < had)
        {
            return;
        }

        _records[environment] = record;
        Changed?.Invoke(environment);
    }

    /// <summary>A failed refresh keeps the last good snapshot and records why it could not be renewed.</summary>
    public void RecordFailure(string environment, string error, DateTimeOffset attemptedAt)
    {
        _records.AddOrUpdate(environment,
            _ => new EnvironmentRecord(null, attemptedAt, error),
            (_, record) => record with { LastAttemptAt = attemptedAt, LastError = error });
        Changed?.Invoke(environment);
    }
}

public sealed record EnvironmentRecord(EnvironmentSnapshot? Snapshot, DateTimeOffset? LastAttemptAt, string? LastError)
{
    public static EnvironmentRecord Empty { get; } = new(null, null, null);
}
