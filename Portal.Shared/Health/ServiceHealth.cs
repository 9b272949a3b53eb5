namespace Portal.Shared.Health;

/// <summary>Ordered by how much attention a service needs: a worse level compares greater.</summary>
public enum HealthLevel
{
    Healthy = 0,
    Unknown = 1,
    Warning = 2,
    Critical = 3,
}

/// <summary>One reason a service is at its level, in words a person reads on a card.</summary>
public sealed record HealthReason(HealthLevel Level, string Code, string Text);

/// <summary>
/// Something a person should know about the evaluation that does not change the level: the data behind it is older
/// than it should be, and why.
/// </summary>
public sealed record HealthNote(string Code, string Text);

public sealed record ServiceHealth(HealthLevel Level, IReadOnlyList<HealthReason> Reasons)
{
    /// <summary>Notes on the data behind the evaluation (<see cref="HealthNoteCodes"/>), none when it is fresh.</summary>
    public IReadOnlyList<HealthNote> Notes { get; init; } = [];

    public static ServiceHealth From(IReadOnlyList<HealthReason> reasons) =>
        new(reasons.Count == 0 ? HealthLevel.Healthy : reasons.Max(r => r.Level), reasons);
}

/// <summary>
/// How fresh the data behind a health evaluation is, part by part: when ECS was last read and why the refreshes
/// since failed (null when the last one succeeded), why CloudWatch's last read failed, and how old data may be
/// before it is no longer trusted (Polling:StaleAfter). How old a service's alarms and metrics are is the service's
/// own <see cref="Fleet.ServiceSnapshot.CloudWatchReadAt"/>.
/// </summary>
public sealed record SnapshotFreshness(DateTimeOffset EcsReadAt, string? EcsError, string? CloudWatchError, TimeSpan StaleAfter);

/// <summary>Thresholds the health rules apply; bound from configuration section "Health".</summary>
public sealed record HealthThresholds
{
    public double CpuWarningPercent { get; init; } = 75;
    public double CpuCriticalPercent { get; init; } = 90;
    public double MemoryWarningPercent { get; init; } = 80;
    public double MemoryCriticalPercent { get; init; } = 95;

    /// <summary>Running below desired for less than this is a normal part of starting tasks.</summary>
    public TimeSpan BelowDesiredGrace { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan PendingTooLong { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back failing health checks and failed task starts count.</summary>
    public TimeSpan RecentEventsWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a circuit-breaker rollback keeps a service at Warning.</summary>
    public TimeSpan RollbackWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How far back unexpected task stops count (Health:TaskStopsWindow); at most ECS's hour of stopped tasks.</summary>
    public TimeSpan TaskStopsWindow { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>This many unexpected task stops within <see cref="TaskStopsWindow"/> are a Warning.</summary>
    public int TaskStopsWarning { get; init; } = 3;
}
