using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Health;

public class HealthRulesTests
{
    private const string TargetGroup = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tracking-api/73e2d6bc24d8a067";

    private const string BreakerFailedReason = "ECS deployment circuit breaker: tasks failed to start.";

    /// <summary>One row of the table: a service and its freshness, and every reason it should be given, worst first.</summary>
    public sealed record Case(ServiceSnapshot Service, HealthReason[] Expected)
    {
        public SnapshotFreshness Freshness { get; init; } = Fresh;

        public HealthThresholds Thresholds { get; init; } = Defaults;
    }

    private static HealthReason Warning(string code, string text) => new(HealthLevel.Warning, code, text);

    private static HealthReason Critical(string code, string text) => new(HealthLevel.Critical, code, text);

    private static HealthReason Unknown(string code, string text) => new(HealthLevel.Unknown, code, text);

    private static ServiceEventRecord Unhealthy(TimeSpan ago) => Event(ServiceEventClass.UnhealthyTarget, ago,
        $"(service tracking-api) (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (port 8080) is unhealthy in (target-group {TargetGroup}) due to (reason Health checks failed).");

    private static ServiceEventRecord FailedToStart(TimeSpan ago) => Event(ServiceEventClass.TaskFailedToStart, ago,
        "(service tracking-api) (task b5067ed30cc5431d89fe74c47fd9981f) failed container health checks.");

    private static ServiceEventRecord PlacementFailure(TimeSpan ago) => Event(ServiceEventClass.PlacementFailure, ago,
        "(service tracking-api) was unable to place a task. Reason: Capacity is unavailable at this time.");

    private static ServiceEventRecord DeploymentFailed(TimeSpan ago, string id = FailedDeploymentId) => Event(ServiceEventClass.DeploymentFailed, ago,
        $"(service tracking-api) (deployment {id}) deployment failed: tasks failed to start.");

    private static ServiceEventRecord RollingBack(TimeSpan ago, string to = CompletedDeploymentId) => Event(ServiceEventClass.Rollback, ago,
        $"(service tracking-api) rolling back to deployment {to}.");

    private static ServiceEventRecord SteadyState(TimeSpan ago) => Event(ServiceEventClass.SteadyState, ago,
        "(service tracking-api) has reached a steady state.");

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["healthy service"] = new(Service(), []),

        // Running below desired: only after the grace period (strictly older than it); critical at zero or below half.
        ["below desired: at the grace period"] = new(Service(desired: 4, running: 2) with { BelowDesiredSince = Now - Min(2) }, []),
        ["below desired: just past the grace period"] = new(Service(desired: 4, running: 2) with { BelowDesiredSince = Now - Min(2) - TimeSpan.FromSeconds(1) },
            [Warning(HealthReasonCodes.BelowDesired, "Running 2 of 4 tasks for 2 min")]),
        ["below desired: half running for 7 min"] = new(Service(desired: 4, running: 2) with { BelowDesiredSince = Now - Min(7.5) },
            [Warning(HealthReasonCodes.BelowDesired, "Running 2 of 4 tasks for 7 min")]),
        ["below desired: less than half running"] = new(Service(desired: 5, running: 2) with { BelowDesiredSince = Now - Min(10) },
            [Critical(HealthReasonCodes.BelowDesired, "Running 2 of 5 tasks for 10 min")]),
        ["below desired: none running"] = new(Service(desired: 1, running: 0) with { BelowDesiredSince = Now - Min(3) },
            [Critical(HealthReasonCodes.BelowDesired, "Running 0 of 1 tasks for 3 min")]),
        ["below desired: none running within the grace period"] = new(Service(desired: 2, running: 0) with { BelowDesiredSince = Now - Min(1) }, []),
        ["below desired: since unknown counts as just now"] = new(Service(desired: 4, running: 0), []),
        ["below desired: none desired, none running"] = new(Service(desired: 0, running: 0) with { BelowDesiredSince = Now - Min(30) }, []),
        ["below desired: back at desired with an old since"] = new(Service(desired: 4, running: 4) with { BelowDesiredSince = Now - Min(30) }, []),
        ["below desired: custom grace"] = new(Service(desired: 4, running: 3) with { BelowDesiredSince = Now - Min(3) }, [])
        {
            Thresholds = Defaults with { BelowDesiredGrace = Min(5) },
        },

        // Pending too long: strictly older than PendingTooLong.
        ["pending: at the limit"] = new(Service(pending: 3) with { PendingSince = Now - Min(5) }, []),
        ["pending: just past the limit"] = new(Service(pending: 3) with { PendingSince = Now - Min(5) - TimeSpan.FromSeconds(1) },
            [Warning(HealthReasonCodes.PendingTooLong, "3 tasks pending for 5 min")]),
        ["pending: 3 tasks for 9 min"] = new(Service(pending: 3) with { PendingSince = Now - Min(9) },
            [Warning(HealthReasonCodes.PendingTooLong, "3 tasks pending for 9 min")]),
        ["pending: one task for an hour"] = new(Service(pending: 1) with { PendingSince = Now - Min(65) },
            [Warning(HealthReasonCodes.PendingTooLong, "1 task pending for 1 h 5 min")]),
        ["pending: none pending with an old since"] = new(Service(pending: 0) with { PendingSince = Now - Min(30) }, []),
        ["pending: since unknown counts as just now"] = new(Service(pending: 2), []),

        // Rollout failed: only the PRIMARY deployment counts.
        ["rollout: primary failed"] = new(Service() with
            {
                Deployments = [Deployment(FailedDeploymentId, "PRIMARY", RolloutState.Failed, BreakerFailedReason)],
            },
            [Critical(HealthReasonCodes.RolloutFailed, $"Deployment {FailedDeploymentId} failed: {BreakerFailedReason}")]),
        ["rollout: primary failed without a reason"] = new(Service() with
            {
                Deployments = [Deployment(FailedDeploymentId, "PRIMARY", RolloutState.Failed, null)],
            },
            [Critical(HealthReasonCodes.RolloutFailed, $"Deployment {FailedDeploymentId} failed")]),
        ["rollout: failed deployment no longer primary"] = new(Service() with
            {
                Deployments =
                [
                    Deployment(CompletedDeploymentId, "PRIMARY", RolloutState.InProgress, $"ECS deployment circuit breaker: rolling back to deploymentId {CompletedDeploymentId}."),
                    Deployment(FailedDeploymentId, "ACTIVE", RolloutState.Failed, BreakerFailedReason),
                ],
            },
            []),
        ["rollout: primary in progress"] = new(Service() with
            {
                Deployments = [Deployment(FailedDeploymentId, "PRIMARY", RolloutState.InProgress, $"ECS deployment {FailedDeploymentId} in progress.")],
            },
            []),

        // Circuit breaker rollback: within RollbackWindow (inclusive); names the deployment that failed.
        ["rollback: after a deployment failure"] = new(Service() with
            {
                Events = [SteadyState(Min(2)), RollingBack(Min(12)), DeploymentFailed(Min(12))],
            },
            [Warning(HealthReasonCodes.RolledBack, $"Circuit breaker rolled back deployment {FailedDeploymentId} 12 min ago")]),
        ["rollback: the message names the failed deployment"] = new(Service() with
            {
                Events = [Event(ServiceEventClass.Rollback, Min(20), $"(service tracking-api) (deployment {FailedDeploymentId}) rolling back to deployment {CompletedDeploymentId}.")],
            },
            [Warning(HealthReasonCodes.RolledBack, $"Circuit breaker rolled back deployment {FailedDeploymentId} 20 min ago")]),
        ["rollback: no failure event beside it"] = new(Service() with
            {
                Events = [RollingBack(Min(40)), DeploymentFailed(Min(50))],
            },
            [Warning(HealthReasonCodes.RolledBack, $"Circuit breaker rolled back to deployment {CompletedDeploymentId} 40 min ago")]),
        ["rollback: at the window"] = new(Service() with
            {
                Events = [RollingBack(Min(60)), DeploymentFailed(Min(60))],
            },
            [Warning(HealthReasonCodes.RolledBack, $"Circuit breaker rolled back deployment {FailedDeploymentId} 1 h ago")]),
        ["rollback: just past the window"] = new(Service() with
            {
                Events = [RollingBack(Min(60) + TimeSpan.FromSeconds(1)), DeploymentFailed(Min(60) + TimeSpan.FromSeconds(1))],
            },
            []),
        ["rollback: the newest of two"] = new(Service() with
            {
                Events =
                [
                    RollingBack(Min(5)),
                    DeploymentFailed(Min(5), "ecs-svc/3333333333333333333"),
                    RollingBack(Min(30)),
                    DeploymentFailed(Min(30)),
                ],
            },
            [Warning(HealthReasonCodes.RolledBack, "Circuit breaker rolled back deployment ecs-svc/3333333333333333333 5 min ago")]),
        ["rollback: a deployment failure alone"] = new(Service() with { Events = [DeploymentFailed(Min(5))] }, []),

        // Alarms in ALARM: severity from the alarm.
        ["alarm: warning alarm in ALARM"] = new(Service() with
            {
                Alarms = [Alarm("tracking-api-warning-5xx", "ALARM", Min(10), "Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (10.0).")],
            },
            [Warning(HealthReasonCodes.AlarmFiring, "Alarm tracking-api-warning-5xx in ALARM since 10 min ago: Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (10.0).")]),
        ["alarm: critical alarm in ALARM without a reason"] = new(Service() with
            {
                Alarms = [Alarm("tracking-api-critical-latency", "ALARM", Min(3))],
            },
            [Critical(HealthReasonCodes.AlarmFiring, "Alarm tracking-api-critical-latency in ALARM since 3 min ago")]),
        ["alarm: two alarms, worst first"] = new(Service() with
            {
                Alarms =
                [
                    Alarm("tracking-api-warning-5xx", "ALARM", Min(10)),
                    Alarm("tracking-api-critical-latency", "ALARM", Min(3)),
                ],
            },
            [
                Critical(HealthReasonCodes.AlarmFiring, "Alarm tracking-api-critical-latency in ALARM since 3 min ago"),
                Warning(HealthReasonCodes.AlarmFiring, "Alarm tracking-api-warning-5xx in ALARM since 10 min ago"),
            ]),
        ["alarm: OK and INSUFFICIENT_DATA"] = new(Service() with
            {
                Alarms =
                [
                    Alarm("tracking-api-critical-latency", "OK", Min(3), "Threshold Crossed: no datapoints were breaching."),
                    Alarm("tracking-api-warning-5xx", "INSUFFICIENT_DATA", Min(3)),
                ],
            },
            []),

        // CPU and memory: the latest point against the thresholds, inclusive.
        ["cpu: above critical"] = new(Service() with { Cpu = Latest(93) },
            [Critical(HealthReasonCodes.CpuHigh, "CPU at 93% (critical above 90%)")]),
        ["cpu: at critical"] = new(Service() with { Cpu = Latest(90) },
            [Critical(HealthReasonCodes.CpuHigh, "CPU at 90% (critical above 90%)")]),
        ["cpu: just below critical"] = new(Service() with { Cpu = Latest(89.96) },
            [Warning(HealthReasonCodes.CpuHigh, "CPU at 89.9% (warning above 75%)")]),
        ["cpu: at warning"] = new(Service() with { Cpu = Latest(75) },
            [Warning(HealthReasonCodes.CpuHigh, "CPU at 75% (warning above 75%)")]),
        ["cpu: just below warning"] = new(Service() with { Cpu = Latest(74.9) }, []),
        ["cpu: only the latest point counts"] = new(Service() with
            {
                Cpu = new MetricSeries([new MetricPoint(Now.AddMinutes(-1), 20), new MetricPoint(Now.AddMinutes(-6), 99)]),
            },
            []),
        ["cpu: no data"] = new(Service() with { Cpu = MetricSeries.Empty }, []),
        ["cpu: custom thresholds"] = new(Service() with { Cpu = Latest(85) },
            [Critical(HealthReasonCodes.CpuHigh, "CPU at 85% (critical above 80%)")])
        {
            Thresholds = Defaults with { CpuWarningPercent = 60, CpuCriticalPercent = 80 },
        },
        ["memory: at critical"] = new(Service() with { Memory = Latest(95) },
            [Critical(HealthReasonCodes.MemoryHigh, "Memory at 95% (critical above 95%)")]),
        ["memory: just below critical"] = new(Service() with { Memory = Latest(94.9) },
            [Warning(HealthReasonCodes.MemoryHigh, "Memory at 94.9% (warning above 80%)")]),
        ["memory: at warning"] = new(Service() with { Memory = Latest(80) },
            [Warning(HealthReasonCodes.MemoryHigh, "Memory at 80% (warning above 80%)")]),
        ["memory: just below warning"] = new(Service() with { Memory = Latest(79.9) }, []),

        // Failing health checks, failed task starts, placement failures: events within RecentEventsWindow (inclusive).
        ["health checks: three in the window"] = new(Service() with
            {
                Events = [Unhealthy(Min(1)), Unhealthy(Min(4)), Unhealthy(Min(14)), Unhealthy(Min(16))],
            },
            [Warning(HealthReasonCodes.FailingHealthChecks, "3 tasks failed health checks in the last 15 min")]),
        ["health checks: one at the edge of the window"] = new(Service() with { Events = [Unhealthy(Min(15))] },
            [Warning(HealthReasonCodes.FailingHealthChecks, "1 task failed health checks in the last 15 min")]),
        // Load balancer targets unhealthy now (ELBv2 target health; TargetHealthRuleTests has the rest).
        ["targets: one of two unhealthy"] = new(Service() with
        {
            Targets = new LoadBalancerTargets(
                [new TargetGroupHealth("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg/1", "tg", 1, 1, 0, 0,
                    [new UnhealthyTarget("10.0.0.9", 8080, "unhealthy", "Target.Timeout", "Request timed out")])],
                Now),
        },
            [Warning(HealthReasonCodes.TargetsUnhealthy, "1 of 2 targets unhealthy: Request timed out")]),

        ["tasks: three stopped by the same exit within the window"] = new(Service() with
        {
            Tasks = new ServiceTasks([], [StoppedTask("a", 5, 1), StoppedTask("b", 10, 1), StoppedTask("c", 12, 1)], Now),
        },
            [Warning(HealthReasonCodes.TasksStopping, "Tasks keep stopping: Essential container in task exited, exit 1 (3 stopped in the last 30 min)")]),
        ["tasks: a running task's container failing its health check"] = new(Service() with
        {
            Tasks = new ServiceTasks([RunningTask("0123456789abcdef", "UNHEALTHY")], [], Now),
        },
            [Warning(HealthReasonCodes.ContainerUnhealthy, "Container tracking-api of task 01234567 is failing its health check")]),

        ["health checks: one just outside the window"] = new(Service() with { Events = [Unhealthy(Min(15) + TimeSpan.FromSeconds(1))] }, []),
        ["health checks: custom window"] = new(Service() with { Events = [Unhealthy(Min(20)), Unhealthy(Min(40))] },
            [Warning(HealthReasonCodes.FailingHealthChecks, "1 task failed health checks in the last 30 min")])
        {
            Thresholds = Defaults with { RecentEventsWindow = Min(30) },
        },
        ["failed starts: twice in the window"] = new(Service() with { Events = [FailedToStart(Min(2)), FailedToStart(Min(9))] },
            [Warning(HealthReasonCodes.TasksFailingToStart, "Tasks failed to start twice in the last 15 min")]),
        ["failed starts: once at the edge of the window"] = new(Service() with { Events = [FailedToStart(Min(15))] },
            [Warning(HealthReasonCodes.TasksFailingToStart, "Tasks failed to start once in the last 15 min")]),
        ["failed starts: four times"] = new(Service() with
            {
                Events = [FailedToStart(Min(1)), FailedToStart(Min(2)), FailedToStart(Min(3)), FailedToStart(Min(4))],
            },
            [Warning(HealthReasonCodes.TasksFailingToStart, "Tasks failed to start 4 times in the last 15 min")]),
        ["failed starts: just outside the window"] = new(Service() with { Events = [FailedToStart(Min(15) + TimeSpan.FromSeconds(1))] }, []),
        ["placement: once in the window"] = new(Service() with { Events = [PlacementFailure(Min(15))] },
            [Warning(HealthReasonCodes.PlacementFailures, "Unable to place tasks once in the last 15 min")]),
        ["placement: just outside the window"] = new(Service() with { Events = [PlacementFailure(Min(15) + TimeSpan.FromSeconds(1))] }, []),

        // ECS data past StaleAfter: Unknown, the error, when there is one, quoted. Younger data from a failed refresh: see HealthFreshnessTests.
        ["stale: without an error"] = new(Service(), [Unknown(HealthReasonCodes.StaleData, "Data is stale: last refreshed 6 min ago")])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(6) },
        },
        ["stale: with an error"] = new(Service(),
            [Unknown(HealthReasonCodes.StaleData, "Data is stale: last refreshed 6 min ago (error: ExpiredTokenException: The security token included in the request is expired)")])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(6), EcsError = "ExpiredTokenException: The security token included in the request is expired" },
        },
        ["stale: blank error"] = new(Service(), [Unknown(HealthReasonCodes.StaleData, "Data is stale: last refreshed 2 h 10 min ago")])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(130), EcsError = "  " },
        },
        ["stale: failed refresh within StaleAfter keeps the health"] = new(Service(), [])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(1), EcsError = "ThrottlingException: Rate exceeded" },
        },
        ["stale: at StaleAfter is not stale yet"] = new(Service(), [])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(1) },
        },

        // Combinations: the level is the worst reason, reasons come worst first.
        ["combined: stale, warning and critical"] = new(Service(desired: 4, running: 0, pending: 4) with
            {
                BelowDesiredSince = Now - Min(8),
                PendingSince = Now - Min(8),
                Events = [PlacementFailure(Min(1))],
            },
            [
                Critical(HealthReasonCodes.BelowDesired, "Running 0 of 4 tasks for 8 min"),
                Warning(HealthReasonCodes.PendingTooLong, "4 tasks pending for 8 min"),
                Warning(HealthReasonCodes.PlacementFailures, "Unable to place tasks once in the last 15 min"),
                Unknown(HealthReasonCodes.StaleData, "Data is stale: last refreshed 6 min ago"),
            ])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(6) },
        },
        ["combined: warning and stale"] = new(Service() with { Memory = Latest(85) },
            [
                Warning(HealthReasonCodes.MemoryHigh, "Memory at 85% (warning above 80%)"),
                Unknown(HealthReasonCodes.StaleData, "Data is stale: last refreshed 6 min ago"),
            ])
        {
            Freshness = Fresh with { EcsReadAt = Now - Min(6) },
        },
        ["combined: failed rollout with its failed starts"] = new(Service(desired: 2, running: 1) with
            {
                BelowDesiredSince = Now - Min(20),
                Deployments = [Deployment(FailedDeploymentId, "PRIMARY", RolloutState.Failed, BreakerFailedReason)],
                Events = [DeploymentFailed(Min(1)), FailedToStart(Min(2)), FailedToStart(Min(6)), FailedToStart(Min(11)), Unhealthy(Min(12))],
                Cpu = Latest(76),
            },
            [
                Critical(HealthReasonCodes.RolloutFailed, $"Deployment {FailedDeploymentId} failed: {BreakerFailedReason}"),
                Warning(HealthReasonCodes.BelowDesired, "Running 1 of 2 tasks for 20 min"),
                Warning(HealthReasonCodes.CpuHigh, "CPU at 76% (warning above 75%)"),
                Warning(HealthReasonCodes.FailingHealthChecks, "1 task failed health checks in the last 15 min"),
                Warning(HealthReasonCodes.TasksFailingToStart, "Tasks failed to start 3 times in the last 15 min"),
            ]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Evaluate_gives_the_expected_reasons(string name)
    {
        var @case = Cases[name];

        var health = HealthRules.Evaluate(@case.Service, Now, @case.Freshness, @case.Thresholds);

        Assert.Equal(@case.Expected, health.Reasons);
        var expectedLevel = @case.Expected.Length == 0 ? HealthLevel.Healthy : @case.Expected.Max(r => r.Level);
        Assert.Equal(expectedLevel, health.Level);
    }

    [Fact]
    public void Every_reason_code_is_kebab_case_and_distinct()
    {
        var codes = typeof(HealthReasonCodes).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(14, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        Assert.All(codes, code => Assert.Matches("^[a-z]+(-[a-z]+)*$", code));
    }

    [Fact]
    public void Every_reason_code_is_produced_by_some_case()
    {
        var codes = typeof(HealthReasonCodes).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);
        var produced = Cases.Values.SelectMany(c => c.Expected).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);

        Assert.All(codes, code => Assert.Contains(code, produced));
    }

    [Fact]
    public void A_healthy_service_has_no_reasons()
    {
        var health = HealthRules.Evaluate(Service(), Now, Fresh, Defaults);

        Assert.Equal(HealthLevel.Healthy, health.Level);
        Assert.Empty(health.Reasons);
    }

    [Fact]
    public void Counts_only_events_in_the_window_among_a_full_page_of_events()
    {
        // ECS returns at most 100 events; a busy service's page mixes every kind over hours.
        var events = Enumerable.Range(0, 100)
            .Select(i => (i % 4) switch
            {
                0 => Unhealthy(Min(i)),
                1 => SteadyState(Min(i)),
                2 => FailedToStart(Min(i)),
                _ => Event(ServiceEventClass.TasksStarted, Min(i), "(service tracking-api) has started 1 tasks: (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b)."),
            })
            .ToList();

        var health = HealthRules.Evaluate(Service() with { Events = events }, Now, Fresh, Defaults);

        // Minutes 0..15 inclusive: unhealthy at 0, 4, 8, 12; failed starts at 2, 6, 10, 14.
        Assert.Equal(
            [
                Warning(HealthReasonCodes.FailingHealthChecks, "4 tasks failed health checks in the last 15 min"),
                Warning(HealthReasonCodes.TasksFailingToStart, "Tasks failed to start 4 times in the last 15 min"),
            ],
            health.Reasons);
    }

    [Fact]
    public void Reads_the_event_class_not_the_message()
    {
        // The caller classified the event; a message that reads differently does not change the rule.
        var events = new[] { Event(ServiceEventClass.Other, Min(1), "(service tracking-api) (task 5f2e) (port 8080) is unhealthy in (target-group x) due to (reason Health checks failed).") };

        var health = HealthRules.Evaluate(Service() with { Events = events }, Now, Fresh, Defaults);

        Assert.Empty(health.Reasons);
    }

    private static TaskRecord StoppedTask(string id, int minutesAgo, int exitCode) =>
        new($"arn:aws:ecs:eu-west-1:1:task/dev-api/{id}", "arn:aws:ecs:eu-west-1:1:task-definition/tracking-api:15", "STOPPED", "STOPPED", null, "FARGATE",
            "eu-west-1a", Now.AddMinutes(-minutesAgo - 5), Now.AddMinutes(-minutesAgo), "EssentialContainerExited", "Essential container in task exited",
            [new TaskContainerState("tracking-api", exitCode, null, null)]);

    private static TaskRecord RunningTask(string id, string containerHealth) =>
        new($"arn:aws:ecs:eu-west-1:1:task/dev-api/{id}", "arn:aws:ecs:eu-west-1:1:task-definition/tracking-api:15", "RUNNING", "RUNNING", containerHealth, "FARGATE",
            "eu-west-1a", Now.AddMinutes(-2), null, null, null, [new TaskContainerState("tracking-api", null, null, containerHealth)]);
}
