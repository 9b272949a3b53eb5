namespace Portal.Shared.Fleet;

/// <summary>What an ECS service event says happened, read from ECS's own message formats.</summary>
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
}
