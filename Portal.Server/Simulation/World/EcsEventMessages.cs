namespace Portal.Server.Simulation.World;

/// <summary>Service event messages in the exact formats ECS writes them.</summary>
internal static class EcsEventMessages
{
    public static string SteadyState(string service) => $"(service {service}) has reached a steady state.";

    public static string TasksStarted(string service, IEnumerable<string> taskIds) =>
        $"(service {service}) has started {taskIds.Count()} tasks: {TaskList(taskIds)}.";

    public static string TasksStopped(string service, IEnumerable<string> taskIds) =>
        $"(service {service}) has stopped {taskIds.Count()} running tasks: {TaskList(taskIds)}.";

    public static string Draining(string service, int count) =>
        $"(service {service}) has begun draining connections on {count} tasks.";

    public static string TargetsRegistered(string service, int count, string targetGroupArn) =>
        $"(service {service}) registered {count} targets in (target-group {targetGroupArn})";

    public static string TargetsDeregistered(string service, int count, string targetGroupArn) =>
        $"(service {service}) deregistered {count} targets in (target-group {targetGroupArn})";

    public static string UnhealthyTarget(string service, string taskId, int port, string targetGroupArn) =>
        $"(service {service}) (task {taskId}) (port {port}) is unhealthy in (target-group {targetGroupArn}) due to (reason Health checks failed).";

    public static string PlacementFailure(string service, string containerInstanceId) =>
        $"(service {service}) was unable to place a task because no container instance met all of its requirements. " +
        $"The closest matching (container-instance {containerInstanceId}) has insufficient memory available. " +
        "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

    public static string DeploymentCompleted(string service, string deploymentId) =>
        $"(service {service}) (deployment {deploymentId}) deployment completed.";

    public static string DeploymentFailed(string service, string deploymentId) =>
        $"(service {service}) (deployment {deploymentId}) deployment failed: tasks failed to start.";

    public static string RollingBack(string service, string deploymentId) =>
        $"(service {service}) rolling back to deployment {deploymentId}.";

    private static string TaskList(IEnumerable<string> taskIds) => string.Join(" ", taskIds.Select(id => $"(task {id})"));
}
