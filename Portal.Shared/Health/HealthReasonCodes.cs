namespace Portal.Shared.Health;

/// <summary>The stable codes of <see cref="HealthReason.Code"/>; the UI and the API may key on them.</summary>
public static class HealthReasonCodes
{
    /// <summary>Fewer tasks running than desired for longer than the grace period.</summary>
    public const string BelowDesired = "below-desired";

    /// <summary>Tasks stuck in PENDING for too long.</summary>
    public const string PendingTooLong = "pending-too-long";

    /// <summary>The primary deployment's rollout failed.</summary>
    public const string RolloutFailed = "rollout-failed";

    /// <summary>A failed deployment was rolled back recently.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>A CloudWatch alarm of the service is in ALARM.</summary>
    public const string AlarmFiring = "alarm-firing";

    public const string CpuHigh = "cpu-high";

    public const string MemoryHigh = "memory-high";

    /// <summary>Load balancer targets of the service failed health checks recently.</summary>
    public const string FailingHealthChecks = "failing-health-checks";

    /// <summary>The load balancer reports targets of the service unhealthy now (ELBv2 target health).</summary>
    public const string TargetsUnhealthy = "targets-unhealthy";

    /// <summary>Tasks failed to launch or failed their container health checks recently.</summary>
    public const string TasksFailingToStart = "tasks-failing-to-start";

    /// <summary>ECS could not place tasks recently.</summary>
    public const string PlacementFailures = "placement-failures";

    /// <summary>Tasks stopped unexpectedly (crashed, killed, failed health checks) several times within Health:TaskStopsWindow.</summary>
    public const string TasksStopping = "tasks-stopping";

    /// <summary>A container of the service's tasks is failing its container health check.</summary>
    public const string ContainerUnhealthy = "container-unhealthy";

    /// <summary>The snapshot behind the evaluation is too old to trust.</summary>
    public const string StaleData = "stale-data";
}
