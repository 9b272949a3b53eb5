using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Shared.Tests;

/// <summary>A healthy service at a fixed instant, to change with <c>with</c> one property at a time.</summary>
internal static class TestServices
{
    public static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Polling:StaleAfter's default.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>ECS and CloudWatch both read just now, without error.</summary>
    public static readonly SnapshotFreshness Fresh = new(Now, EcsError: null, CloudWatchError: null, StaleAfter);

    public static readonly HealthThresholds Defaults = new();

    public const string CompletedDeploymentId = "ecs-svc/1111111111111111111";

    public const string FailedDeploymentId = "ecs-svc/2222222222222222222";

    public static ServiceSnapshot Service(int desired = 2, int running = 2, int pending = 0) => new(
        Name: "tracking-api",
        Cluster: "main",
        Arn: "arn:aws:ecs:eu-west-1:111122223333:service/main/tracking-api",
        Status: "ACTIVE",
        DesiredCount: desired,
        RunningCount: running,
        PendingCount: pending,
        TaskDefinition: new TaskDefinitionSummary(
            "arn:aws:ecs:eu-west-1:111122223333:task-definition/tracking-api:12",
            "tracking-api",
            12,
            "111122223333.dkr.ecr.eu-west-1.amazonaws.com/tracking-api:1.4.2",
            "512",
            "1024",
            ["ASPNETCORE_ENVIRONMENT"]),
        Deployments: [Deployment(CompletedDeploymentId, "PRIMARY", RolloutState.Completed, $"ECS deployment {CompletedDeploymentId} completed.")],
        Events: [],
        Cpu: MetricSeries.Empty,
        Memory: MetricSeries.Empty,
        Alarms: [],
        Tags: new Dictionary<string, string> { ["team"] = "tracking" },
        BelowDesiredSince: null,
        PendingSince: null,
        CloudWatchReadAt: Now);

    public static DeploymentSnapshot Deployment(string id, string status, RolloutState state, string? reason) => new(
        Id: id,
        Status: status,
        TaskDefinitionArn: "arn:aws:ecs:eu-west-1:111122223333:task-definition/tracking-api:12",
        DesiredCount: 2,
        RunningCount: 2,
        PendingCount: 0,
        FailedTasks: 0,
        RolloutState: state,
        RolloutStateReason: reason,
        CreatedAt: Now.AddHours(-3),
        UpdatedAt: Now.AddHours(-3));

    /// <summary>An event <paramref name="ago"/> before <see cref="Now"/>, classified as the caller says.</summary>
    public static ServiceEventRecord Event(ServiceEventClass eventClass, TimeSpan ago, string message) =>
        new(Guid.NewGuid().ToString(), Now - ago, message, eventClass);

    public static MetricSeries Latest(double percent) =>
        new([new MetricPoint(Now.AddMinutes(-6), 10), new MetricPoint(Now.AddMinutes(-1), percent)]);

    public static AlarmStatus Alarm(string name, string state, TimeSpan ago, string? reason = null) =>
        new(name, state, AlarmStatus.SeverityFromName(name), "CPUUtilization", 80, reason, Now - ago);

    public static TimeSpan Min(double minutes) => TimeSpan.FromMinutes(minutes);
}
