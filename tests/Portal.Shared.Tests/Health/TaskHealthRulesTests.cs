using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Shared.Tests.Health;

public class TaskHealthRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthThresholds Thresholds = new() { TaskStopsWindow = TimeSpan.FromMinutes(30), TaskStopsWarning = 3 };

    [Fact]
    public void Three_unexpected_stops_within_the_window_are_a_warning_naming_the_most_common_reason()
    {
        var service = Service(
            Stopped("a", 5, "EssentialContainerExited", "Essential container in task exited", 1),
            Stopped("b", 10, "EssentialContainerExited", "Essential container in task exited", 1),
            Stopped("c", 12, "EssentialContainerExited", "Essential container in task exited", 137, "OutOfMemoryError: Container killed due to memory usage"));

        var reason = TaskHealthRules.RepeatedStops(service, Now, Thresholds);

        Assert.NotNull(reason);
        Assert.Equal(HealthLevel.Warning, reason.Level);
        Assert.Equal(HealthReasonCodes.TasksStopping, reason.Code);
        Assert.Equal("Tasks keep stopping: Essential container in task exited, exit 1 (3 stopped in the last 30 min)", reason.Text);
    }

    [Fact]
    public void Stops_outside_the_window_and_deployment_or_scaling_stops_do_not_count()
    {
        var service = Service(
            Stopped("a", 5, "EssentialContainerExited", "Essential container in task exited", 1),
            Stopped("b", 45, "EssentialContainerExited", "Essential container in task exited", 1),
            Stopped("c", 6, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/1)", 0),
            Stopped("d", 7, "UserInitiated", "Task stopped by user", 0));

        Assert.Null(TaskHealthRules.RepeatedStops(service, Now, Thresholds));
        Assert.Null(TaskHealthRules.RepeatedStops(service, Now, Thresholds with { TaskStopsWindow = TimeSpan.FromHours(1) }));
        Assert.NotNull(TaskHealthRules.RepeatedStops(service, Now, Thresholds with { TaskStopsWindow = TimeSpan.FromHours(1), TaskStopsWarning = 2 }));
    }

    [Fact]
    public void A_running_task_with_an_unhealthy_container_names_the_container()
    {
        var running = new TaskRecord("arn:aws:ecs:eu-west-1:1:task/dev-api/0123456789abcdef", "arn:aws:ecs:eu-west-1:1:task-definition/tracking-api:15",
            "RUNNING", "RUNNING", "UNHEALTHY", "FARGATE", "eu-west-1a", Now.AddMinutes(-2), null, null, null,
            [new TaskContainerState("tracking-api", null, null, "UNHEALTHY"), new TaskContainerState("datadog-agent", null, null, "HEALTHY")]);
        var service = Service() with { Tasks = new ServiceTasks([running], [], Now) };

        var reason = TaskHealthRules.FailingContainerHealthCheck(service, Now, Thresholds);

        Assert.NotNull(reason);
        Assert.Equal(HealthReasonCodes.ContainerUnhealthy, reason.Code);
        Assert.Equal("Container tracking-api of task 01234567 is failing its health check", reason.Text);
    }

    [Fact]
    public void Tasks_stopped_for_failing_container_health_checks_name_the_container_and_the_service_is_a_warning()
    {
        var service = Service(
            Stopped("a", 1, "ServiceSchedulerInitiated", "Task failed container health checks", 143, health: "UNHEALTHY"),
            Stopped("b", 2, "ServiceSchedulerInitiated", "Task failed container health checks", 143, health: "UNHEALTHY"),
            Stopped("c", 3, "ServiceSchedulerInitiated", "Task failed container health checks", 143, health: "UNHEALTHY"));

        var health = HealthRules.Evaluate(service, Now, new SnapshotFreshness(Now, null, null, TimeSpan.FromMinutes(1)), Thresholds);

        Assert.Equal(HealthLevel.Warning, health.Level);
        Assert.Contains(health.Reasons, r => r.Text == "Tasks keep stopping: Task failed container health checks, exit 143 (3 stopped in the last 30 min)");
        Assert.Contains(health.Reasons, r => r.Text == "Container tracking-api failed its health check: 3 tasks stopped in the last 30 min");
    }

    [Fact]
    public void A_service_whose_tasks_were_never_read_has_no_task_reasons()
    {
        Assert.Null(TaskHealthRules.RepeatedStops(Service(), Now, Thresholds));
        Assert.Null(TaskHealthRules.FailingContainerHealthCheck(Service(), Now, Thresholds));
    }

    private static TaskRecord Stopped(string id, int minutesAgo, string stopCode, string reason, int exitCode, string? containerReason = null, string? health = null) =>
        new($"arn:aws:ecs:eu-west-1:1:task/dev-api/{id}", "arn:aws:ecs:eu-west-1:1:task-definition/tracking-api:15", "STOPPED", "STOPPED", health, "FARGATE",
            "eu-west-1a", Now.AddMinutes(-minutesAgo - 5), Now.AddMinutes(-minutesAgo), stopCode, reason,
            [new TaskContainerState("tracking-api", exitCode, containerReason, health), new TaskContainerState("datadog-agent", 0, null, null)]);

    private static ServiceSnapshot Service(params TaskRecord[] stopped) => new ServiceSnapshot(
        "tracking-api", "dev-api", "arn:service", "ACTIVE", 1, 1, 0,
        TaskDefinitionSummary.Unknown("arn:aws:ecs:eu-west-1:1:task-definition/tracking-api:15"),
        [], [], MetricSeries.Empty, MetricSeries.Empty, [], new Dictionary<string, string>(), null, null, Now)
    {
        Tasks = stopped.Length == 0 ? ServiceTasks.None : new ServiceTasks([], stopped, Now),
    };
}
