using Portal.Shared.Environments;
using Portal.Shared.Health;

namespace Portal.Shared.Fleet;

/// <summary>
/// The fleet as the pages and the API read it: the latest snapshot of each environment with every
/// service's health evaluated. Reading never calls the cloud; a background poller fills it.
/// </summary>
public interface IFleetView
{
    IReadOnlyList<EnvironmentInfo> Environments { get; }

    /// <summary>The environment's current view, or null when no environment has that name.</summary>
    EnvironmentView? Find(string environment);

    /// <summary>Raised (with the environment's name) after a refresh changes what <see cref="Find"/> returns.</summary>
    event Action<string>? Changed;
}

public sealed record EnvironmentView(
    EnvironmentInfo Environment,
    EnvironmentFreshness Freshness,
    IReadOnlyList<ClusterView> Clusters)
{
    public IEnumerable<ServiceView> Services => Clusters.SelectMany(c => c.Services);

    public ServiceView? FindService(string cluster, string service) =>
        Clusters.FirstOrDefault(c => c.Cluster.Name == cluster)?.Services.FirstOrDefault(s => s.Service.Name == service);

    public IReadOnlyDictionary<HealthLevel, int> CountByHealth() =>
        Enum.GetValues<HealthLevel>().ToDictionary(level => level, level => Services.Count(s => s.Health.Level == level));
}

/// <summary>
/// When the environment's ECS data was last read, whether that is too long ago or the refreshes since failed, and the
/// last error; and the same for its CloudWatch data (alarms, metrics), which can fail on its own.
/// </summary>
public sealed record EnvironmentFreshness(
    DateTimeOffset? RefreshedAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    bool IsStale,
    CloudWatchFreshness CloudWatch)
{
    public bool HasSnapshot => RefreshedAt is not null;
}

/// <summary>When the environment's alarms and metrics were last read, whether they are stale, and why CloudWatch's last read failed.</summary>
public sealed record CloudWatchFreshness(DateTimeOffset? ReadAt, string? LastError, bool IsStale)
{
    /// <summary>Read with the ECS data just now.</summary>
    public static CloudWatchFreshness Fresh(DateTimeOffset readAt) => new(readAt, null, IsStale: false);
}

public sealed record ClusterView(ClusterSnapshot Cluster, IReadOnlyList<ServiceView> Services);

public sealed record ServiceView(string Environment, ServiceSnapshot Service, ServiceHealth Health);
