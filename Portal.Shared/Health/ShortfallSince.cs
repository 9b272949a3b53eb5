using Portal.Shared.Fleet;

namespace Portal.Shared.Health;

/// <summary>
/// Since when a service runs below its desired count or has tasks pending, from ECS's own timestamps, so a portal
/// that just started sees a rollout stuck for an hour as stuck for an hour, not as new.
/// </summary>
/// <remarks>
/// An episode ends when ECS says the service settled: its newest "has reached a steady state" or "deployment
/// completed" event. After that, every ECS timestamp that shows trouble already under way is evidence: the PRIMARY
/// deployment's createdAt while its rollout is in progress or failed, and the service events of ECS working on or
/// failing its tasks ("has started N tasks", "has stopped", "unable to place", failed starts, unhealthy targets, a
/// failed deployment or rollback). The episode began no later than the earliest of them. A deployment's updatedAt
/// is not used: ECS moves it with every count change, so it tells neither when trouble began nor when it ended.
/// The portal's earlier value of the same episode is kept when it is earlier still; with no evidence at all, the
/// moment the portal first saw it (<c>takenAt</c>) is what is left.
/// </remarks>
public static class ShortfallSince
{
    private static readonly HashSet<ServiceEventClass> SettledEvents = [ServiceEventClass.SteadyState, ServiceEventClass.DeploymentCompleted];

    private static readonly HashSet<ServiceEventClass> BelowDesiredEvidence =
    [
        ServiceEventClass.TasksStarted,
        ServiceEventClass.TasksStopped,
        ServiceEventClass.TaskFailedToStart,
        ServiceEventClass.PlacementFailure,
        ServiceEventClass.UnhealthyTarget,
        ServiceEventClass.DeploymentFailed,
        ServiceEventClass.Rollback,
    ];

    // A task is PENDING from the moment ECS starts it (or a rollout starts it); the other events say nothing about pending tasks.
    private static readonly HashSet<ServiceEventClass> PendingEvidence = [ServiceEventClass.TasksStarted];

    /// <summary>Since when <paramref name="service"/> runs fewer tasks than desired; null when it does not.</summary>
    public static DateTimeOffset? BelowDesired(ServiceSnapshot service, DateTimeOffset? earlier, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.RunningCount < service.DesiredCount
            ? Since(service, BelowDesiredEvidence, earlier, takenAt)
            : null;
    }

    /// <summary>Since when <paramref name="service"/> has tasks pending; null when it has none.</summary>
    public static DateTimeOffset? Pending(ServiceSnapshot service, DateTimeOffset? earlier, DateTimeOffset takenAt)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.PendingCount > 0
            ? Since(service, PendingEvidence, earlier, takenAt)
            : null;
    }

    private static DateTimeOffset Since(ServiceSnapshot service, HashSet<ServiceEventClass> evidence, DateTimeOffset? earlier, DateTimeOffset takenAt)
    {
        var settledAt = service.Events.Where(e => SettledEvents.Contains(e.Class)).Select(e => (DateTimeOffset?)e.CreatedAt).Max();
        var candidates = service.Events
            .Where(e => evidence.Contains(e.Class))
            .Select(e => e.CreatedAt)
            .ToList();
        if (service.Primary is { RolloutState: RolloutState.InProgress or RolloutState.Failed } rollout)
        {
            candidates.Add(rollout.CreatedAt);
        }

        if (earlier is { } seen)
        {
            candidates.Add(seen);
        }

        // What is older than the service's last settling, the portal's earlier value too, belongs to an episode that ended.
        var since = candidates.Where(at => settledAt is null || at > settledAt).DefaultIfEmpty(takenAt).Min();

        // ECS's clock may run a little ahead of the portal's; a shortfall does not begin after it was seen.
        return since > takenAt ? takenAt : since;
    }
}
