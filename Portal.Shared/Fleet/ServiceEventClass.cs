namespace Portal.Shared.Fleet;

/// <summary>What an ECS service event says happened, read from ECS's own message formats.</summary>
/// <remarks>Archived events keep the class by name, so a class is renamed only with a migration of the archive.</remarks>
public enum ServiceEventClass
{
    Other,
    SteadyState,
    TasksStarted,
    TasksStopped,
    Draining,
    TargetsRegistered,
    TargetsDeregistered,
    UnhealthyTarget,
    PlacementFailure,
    DeploymentCompleted,
    DeploymentFailed,
    Rollback,
    TaskFailedToStart,

    /// <summary>ECS's own calls for the service were throttled; the scheduler tries again later.</summary>
    Throttled,

    /// <summary>The scheduler cannot start or stop the tasks it needs to: the deployment configuration or protected tasks hold it back.</summary>
    ScalingBlocked,

    /// <summary>ECS could not register the service's tasks with its load balancer's target group.</summary>
    TargetRegistrationFailed,

    /// <summary>Availability Zone rebalancing started ("is not AZ balanced") or finished ("is AZ balanced").</summary>
    Rebalancing,
}
