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

/// <summary>When the environment was last read, whether that is too long ago, and the last error.</summary>
public sealed record EnvironmentFreshness(
    DateTimeOffset? RefreshedAt,
    DateTimeOffset? LastAttemptAt,
    string? LastError,
    bool IsStale)
{
    public bool HasSnapshot => RefreshedAt is not null;
}

public sealed record ClusterView(ClusterSnapshot Cluster, IReadOnlyList<ServiceView> Services);

public sealed record ServiceView(string Environment, ServiceSnapshot Service, ServiceHealth Health);
