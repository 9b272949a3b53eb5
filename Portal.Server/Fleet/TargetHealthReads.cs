using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Shared.Fleet;

namespace Portal.Server.Fleet;

/// <summary>
/// The load balancer part of a refresh: DescribeTargetHealth for each target group of the services that need it,
/// all at once within ELBv2's Describe* pace (<see cref="ReadPace"/>), the answers summed up on each service's
/// <see cref="ServiceSnapshot.Targets"/>.
/// </summary>
/// <remarks>
/// ELBv2 takes one target group per call, so the calls grow with target groups; most of them would tell nothing new.
/// A service's groups are read when the service has no reading yet, when something changed for it since the last
/// snapshot (desired, running or pending count, its deployments, a new service event: ECS writes one whenever it
/// registers, deregisters or replaces a target), when its last reading had targets not healthy (initial,
/// unhealthy, draining: states that move), when that reading failed, or when it is older than
/// <see cref="PollingOptions.TargetHealthRecheck"/>. Otherwise it keeps its last reading. A failed read keeps the
/// last reading too, with the error: target health never fails a refresh. At most
/// <see cref="PollingOptions.TargetHealthReadsPerRefresh"/> calls go out per refresh, trouble first, so a restart
/// (every group unread) fills the readings in over its first refreshes instead of holding the first one for minutes.
/// </remarks>
public sealed class TargetHealthReads(ILoadBalancing loadBalancing, ReadPace pace, TimeProvider time, IOptions<PollingOptions> options)
{
    private const string Service = "elasticloadbalancing";

    public async Task<List<ClusterSnapshot>> AddAsync(
        CloudCaller caller,
        IReadOnlyList<ClusterSnapshot> clusters,
        IEnumerable<(EcsCluster Cluster, EcsService Service)> services,
        EnvironmentSnapshot? previous,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var groups = services.ToDictionary(
            s => (s.Cluster.ClusterName, s.Service.ServiceName),
            s => (IReadOnlyList<string>)s.Service.LoadBalancers.Select(l => l.TargetGroupArn).OfType<string>().Distinct(StringComparer.Ordinal).ToList());
        var before = previous?.Services.ToDictionary(s => (s.Cluster, s.Name));
        var now = time.GetUtcNow();
        var chosen = Chosen(clusters.SelectMany(c => c.Services), groups, before, now);
        var reads = clusters.Select(cluster => Task.WhenAll(cluster.Services.Select(service =>
        {
            var targetGroups = groups.GetValueOrDefault((service.Cluster, service.Name)) ?? [];
            var earlier = before?.GetValueOrDefault((service.Cluster, service.Name));
            return chosen.Contains((service.Cluster, service.Name))
                ? ReadAsync(caller, service, targetGroups, earlier, now, cancellationToken)
                : Task.FromResult(service with { Targets = targetGroups.Count == 0 ? LoadBalancerTargets.None : earlier?.Targets ?? LoadBalancerTargets.None });
        }))).ToList();
        var read = await Task.WhenAll(reads);
        return clusters.Zip(read, (cluster, services) => cluster with { Services = services }).ToList();
    }

    /// <summary>
    /// The services read this refresh, within <see cref="PollingOptions.TargetHealthReadsPerRefresh"/> calls: those whose
    /// targets were not all healthy or that changed first, then those never read, then the oldest readings. The rest
    /// keep their reading (or none yet) and still need reading at the next refresh.
    /// </summary>
    private HashSet<(string Cluster, string Name)> Chosen(
        IEnumerable<ServiceSnapshot> services,
        Dictionary<(string ClusterName, string ServiceName), IReadOnlyList<string>> groups,
        Dictionary<(string Cluster, string Name), ServiceSnapshot>? before,
        DateTimeOffset now)
    {
        var budget = options.Value.TargetHealthReadsPerRefresh;
        var chosen = new HashSet<(string Cluster, string Name)>();
        var due = services
            .Select(service => (Service: service, Groups: groups.GetValueOrDefault((service.Cluster, service.Name)) ?? [], Earlier: before?.GetValueOrDefault((service.Cluster, service.Name))))
            .Where(s => NeedsReading(s.Service, s.Groups, s.Earlier, now))
            .OrderBy(s => s.Earlier?.Targets.ReadAt is null ? 1 : Urgent(s.Service, s.Earlier) ? 0 : 2)
            .ThenBy(s => s.Earlier?.Targets.ReadAt ?? DateTimeOffset.MinValue);
        foreach (var (service, targetGroups, _) in due)
        {
            if (targetGroups.Count > budget)
            {
                break;
            }

            budget -= targetGroups.Count;
            chosen.Add((service.Cluster, service.Name));
        }

        return chosen;
    }

    private static bool Urgent(ServiceSnapshot service, ServiceSnapshot earlier) =>
        earlier.Targets.Unhealthy + earlier.Targets.Initial + earlier.Targets.Draining > 0 || earlier.Targets.LastError is not null || Changed(service, earlier);

    private bool NeedsReading(ServiceSnapshot service, IReadOnlyList<string> targetGroups, ServiceSnapshot? earlier, DateTimeOffset now)
    {
        if (targetGroups.Count == 0)
        {
            return false;
        }

        if (earlier?.Targets is not { ReadAt: { } readAt } targets || targets.LastError is not null)
        {
            return true;
        }

        return !targets.TargetGroups.Select(g => g.Arn).SequenceEqual(targetGroups, StringComparer.Ordinal)
            || targets.Unhealthy + targets.Initial + targets.Draining > 0
            || now - readAt >= options.Value.TargetHealthRecheck
            || Changed(service, earlier);
    }

    /// <summary>What ECS shows moving when targets do: counts, deployments, a new event.</summary>
    private static bool Changed(ServiceSnapshot now, ServiceSnapshot earlier) =>
        now.DesiredCount != earlier.DesiredCount
        || now.RunningCount != earlier.RunningCount
        || now.PendingCount != earlier.PendingCount
        || now.Events.FirstOrDefault()?.Id != earlier.Events.FirstOrDefault()?.Id
        || !now.Deployments.Select(d => (d.Id, d.Status, d.RunningCount, d.UpdatedAt))
            .SequenceEqual(earlier.Deployments.Select(d => (d.Id, d.Status, d.RunningCount, d.UpdatedAt)));

    private async Task<ServiceSnapshot> ReadAsync(
        CloudCaller caller, ServiceSnapshot service, IReadOnlyList<string> targetGroups, ServiceSnapshot? earlier, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var described = await Task.WhenAll(targetGroups.Select(arn => pace.CallAsync(caller, Service, "DescribeTargetHealth",
                ct => loadBalancing.DescribeTargetHealthAsync(caller, new DescribeTargetHealthRequest(arn), ct), cancellationToken)));
            return service with { Targets = new LoadBalancerTargets(targetGroups.Zip(described, Summarize).ToList(), now) };
        }
        catch (CloudException error)
        {
            var last = earlier?.Targets ?? LoadBalancerTargets.None;
            return service with { Targets = last with { LastError = RefreshErrors.Describe(error) } };
        }
    }

    public static TargetGroupHealth Summarize(string arn, DescribeTargetHealthResponse described)
    {
        ArgumentNullException.ThrowIfNull(described);
        var targets = described.TargetHealthDescriptions;
        return new TargetGroupHealth(
            arn,
            TargetGroupHealth.NameOf(arn),
            targets.Count(t => t.State == TargetHealthStates.Healthy),
            targets.Count(t => t.State is TargetHealthStates.Unhealthy or TargetHealthStates.Unavailable),
            targets.Count(t => t.State is TargetHealthStates.Draining or TargetHealthStates.UnhealthyDraining),
            targets.Count(t => t.State == TargetHealthStates.Initial),
            targets.Where(t => t.State is TargetHealthStates.Unhealthy or TargetHealthStates.Unavailable)
                .Select(t => new UnhealthyTarget(t.TargetId, t.Port, t.State, t.Reason, t.Description))
                .ToList());
    }
}
