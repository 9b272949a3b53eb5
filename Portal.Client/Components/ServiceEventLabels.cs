using Portal.Shared.Fleet;

namespace Portal.Client.Components;

/// <summary>Event classes in words for the events list.</summary>
public static class ServiceEventLabels
{
    public static string Of(ServiceEventClass eventClass) => eventClass switch
    {
        ServiceEventClass.SteadyState => "Steady state",
        ServiceEventClass.TasksStarted => "Tasks started",
        ServiceEventClass.TasksStopped => "Tasks stopped",
        ServiceEventClass.Draining => "Draining",
        ServiceEventClass.TargetsRegistered => "Targets registered",
        ServiceEventClass.TargetsDeregistered => "Targets deregistered",
        ServiceEventClass.UnhealthyTarget => "Unhealthy target",
        ServiceEventClass.PlacementFailure => "Placement failure",
        ServiceEventClass.DeploymentCompleted => "Deployment completed",
        ServiceEventClass.DeploymentFailed => "Deployment failed",
        ServiceEventClass.Rollback => "Rollback",
        ServiceEventClass.TaskFailedToStart => "Task failed to start",
        ServiceEventClass.Throttled => "Throttled",
        ServiceEventClass.ScalingBlocked => "Scaling blocked",
        ServiceEventClass.TargetRegistrationFailed => "Target registration failed",
        ServiceEventClass.Rebalancing => "AZ rebalancing",
        _ => "Other",
    };
}
