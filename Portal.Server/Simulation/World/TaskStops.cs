namespace Portal.Server.Simulation.World;

/// <summary>The ways ECS reports a task stopping, in the stop codes, reasons and exit codes it writes.</summary>
internal static class TaskStops
{
    public static SimTaskStop EssentialContainerExited(DateTimeOffset at) =>
        new(at, "EssentialContainerExited", "Essential container in task exited", 1, null, null);

    public static SimTaskStop OutOfMemory(DateTimeOffset at) =>
        new(at, "EssentialContainerExited", "Essential container in task exited", 137, "OutOfMemoryError: Container killed due to memory usage", null);

    public static SimTaskStop FailedContainerHealthChecks(DateTimeOffset at) =>
        new(at, "ServiceSchedulerInitiated", "Task failed container health checks", 143, null, "UNHEALTHY");

    public static SimTaskStop FailedElbHealthChecks(DateTimeOffset at, string targetGroupArn) =>
        new(at, "ServiceSchedulerInitiated", $"Task failed ELB health checks in (target-group {targetGroupArn})", 143, null, null);

    public static SimTaskStop SpotInterruption(DateTimeOffset at) =>
        new(at, "SpotInterruption", "Your Spot Task was interrupted.", 143, null, null);

    public static SimTaskStop ScalingActivity(DateTimeOffset at, string deploymentId) =>
        new(at, "ServiceSchedulerInitiated", $"Scaling activity initiated by (deployment {deploymentId})", 0, null, null);

    /// <summary>Stopped tasks ECS no longer describes are dropped; the newest stays first.</summary>
    public static void Record(SimService service, SimTask task, SimTaskStop stop)
    {
        task.Stop = stop;
        task.State = SimTaskState.Stopped;
        service.StoppedTasks.Insert(0, task);
        service.StoppedTasks.RemoveAll(t => t.Stop is { } s && stop.StoppedAt - s.StoppedAt > Cloud.Ecs.EcsLimits.StoppedTasksKept);
    }
}
