using Bunit;
using Portal.Client.Fleet;
using Portal.Client.Tests.Support;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Client.Tests.Support.Dom;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Fleet;

public sealed class ServicePageTests : PortalTestContext
{
    private const string PrimaryId = "ecs-svc/2000000000000000002";
    private const string ActiveId = "ecs-svc/1000000000000000001";

    public ServicePageTests()
    {
        Fleet.Put(Environment(Prod, Fresh,
            View(Prod, Checkout(), new ServiceHealth(HealthLevel.Critical,
            [
                new(HealthLevel.Critical, HealthReasonCodes.AlarmFiring, "Alarm checkout-api-5xx-critical in ALARM since 2 min ago: Threshold Crossed"),
                new(HealthLevel.Warning, HealthReasonCodes.PendingTooLong, "2 tasks pending for 7 min"),
            ])),
            View(Prod, "search-api", 5, "3.0.1"),
            View(Prod, "report-worker", 9, "0.9.0", HealthLevel.Healthy, "batch")));
    }

    [Fact]
    public void Shows_the_health_reasons_in_order_with_their_level_and_code()
    {
        var cut = Open("prod", "main", "checkout-api");

        var reasons = cut.FindAll("section.health-panel ul.reasons li");
        Assert.Equal(
            ["Critical Alarm checkout-api-5xx-critical in ALARM since 2 min ago: Threshold Crossed", "Warning 2 tasks pending for 7 min"],
            reasons.Select(Text));
        Assert.Equal(["alarm-firing", "pending-too-long"], reasons.Select(r => r.GetAttribute("data-code")));
        Assert.Equal(["reason-critical", "reason-warning"], reasons.Select(r => r.ClassName));
        Assert.Equal("Critical", Text(cut.Find("h1 .health")));
    }

    [Fact]
    public void A_healthy_service_says_what_healthy_means()
    {
        var cut = Open("prod", "main", "search-api");

        Assert.Empty(cut.FindAll("ul.reasons"));
        Assert.Equal("Healthy: 2 of 2 tasks running, no alarms, CPU and memory within limits.", Text(cut.Find(".healthy-note")));
    }

    [Fact]
    public void Notes_on_stale_data_follow_the_reasons()
    {
        Fleet.Put(Environment(Prod, CloudWatchFailing("cloudwatch:GetMetricData failed: InternalFailure", TimeSpan.FromSeconds(50)),
            View(Prod, Checkout(), new ServiceHealth(HealthLevel.Warning, [new(HealthLevel.Warning, HealthReasonCodes.PendingTooLong, "2 tasks pending for 7 min")])
            {
                Notes = [new HealthNote(HealthNoteCodes.CloudWatchDataStale, "CloudWatch data 50 s old: cloudwatch:GetMetricData failed: InternalFailure")],
            })));

        var cut = Open("prod", "main", "checkout-api");

        Assert.Equal(["Warning 2 tasks pending for 7 min"], cut.FindAll("section.health-panel ul.reasons li").Select(Text));
        var note = Assert.Single(cut.FindAll("section.health-panel ul.health-notes li"));
        Assert.Equal("CloudWatch data 50 s old: cloudwatch:GetMetricData failed: InternalFailure", Text(note));
        Assert.Equal(HealthNoteCodes.CloudWatchDataStale, note.GetAttribute("data-code"));
        Assert.Equal("CloudWatch data 50 s old: cloudwatch:GetMetricData failed: InternalFailure", Text(cut.Find(".page-head .freshness.cloudwatch")));
    }

    [Fact]
    public void A_service_healthy_by_ECS_alone_does_not_claim_its_alarms_and_metrics_are_fine()
    {
        Fleet.Put(Environment(Prod, CloudWatchFailing("cloudwatch:DescribeAlarms failed: Throttling", TimeSpan.FromMinutes(3)),
            View(Prod, Service(Prod, "search-api", 5, "3.0.1"), ServiceHealth.From([]) with
            {
                Notes = [new HealthNote(HealthNoteCodes.CloudWatchDataUnavailable, "CloudWatch data unavailable since 3 min ago, alarms and metrics not counted: cloudwatch:DescribeAlarms failed: Throttling")],
            })));

        var cut = Open("prod", "main", "search-api");

        Assert.Equal("Healthy by ECS: 2 of 2 tasks running.", Text(cut.Find(".healthy-note")));
        Assert.Equal(
            "CloudWatch data unavailable since 3 min ago, alarms and metrics not counted: cloudwatch:DescribeAlarms failed: Throttling",
            Text(cut.Find("ul.health-notes li")));
    }

    [Fact]
    public void Fresh_data_has_no_notes()
    {
        var cut = Open("prod", "main", "search-api");

        Assert.Empty(cut.FindAll("ul.health-notes"));
        Assert.Empty(cut.FindAll(".freshness.cloudwatch"));
    }

    [Fact]
    public void Shows_desired_running_and_pending_counts_revision_and_image_tag()
    {
        var cut = Open("prod", "main", "checkout-api");

        Assert.Equal("3", Text(cut.Find("[data-fact=desired]")));
        Assert.Equal("1", Text(cut.Find("[data-fact=running]")));
        Assert.Equal("2", Text(cut.Find("[data-fact=pending]")));
        Assert.Equal(["3", "1", "2", "r13", "2.3.0"], cut.FindAll("section.facts .fact-value").Select(Text));
        Assert.Equal(["desired", "running", "pending", "revision", "image tag"], cut.FindAll("section.facts .fact-label").Select(Text));
    }

    [Fact]
    public void Shows_each_deployment_with_its_rollout_state()
    {
        var cut = Open("prod", "main", "checkout-api");

        var primary = cut.Find(".deployment[data-status=PRIMARY]");
        Assert.Equal($"PRIMARY {PrimaryId} → r13 in progress", Text(primary.QuerySelector(".deployment-head")!));
        Assert.Contains("in-progress", primary.QuerySelector(".rollout")!.ClassList);
        Assert.Equal("1 of 3 running · 2 pending · 4 failed · started 12 min ago", Text(primary.QuerySelector(".deployment-meta")!));
        Assert.Equal("ECS deployment " + PrimaryId + " in progress.", Text(primary.QuerySelector(".deployment-reason")!));

        var active = cut.Find(".deployment[data-status=ACTIVE]");
        Assert.Equal($"ACTIVE {ActiveId} → r12 completed", Text(active.QuerySelector(".deployment-head")!));
        Assert.Contains("completed", active.QuerySelector(".rollout")!.ClassList);
        Assert.Equal("2 of 2 running · 0 pending · started 3 h ago", Text(active.QuerySelector(".deployment-meta")!));
        Assert.Null(active.QuerySelector(".failed-tasks"));
        Assert.Null(active.QuerySelector(".deployment-reason"));

        Assert.Equal(["PRIMARY", "ACTIVE"], cut.FindAll(".deployment").Select(d => d.GetAttribute("data-status")));
    }

    [Fact]
    public void A_failed_rollout_is_shown_as_failed()
    {
        var service = Checkout();
        service = service with
        {
            Deployments = [Deployment(PrimaryId, "PRIMARY", TaskDefinitionArn(13), RolloutState.Failed, Now.AddMinutes(-30), reason: "ECS deployment circuit breaker: tasks failed to start.")],
        };
        Fleet.Put(Environment(Prod, Fresh, View(Prod, service, Health(HealthLevel.Critical, "Deployment failed"))));

        var cut = Open("prod", "main", "checkout-api");

        var rollout = cut.Find(".deployment[data-status=PRIMARY] .rollout");
        Assert.Equal("failed", Text(rollout));
        Assert.Contains("failed", rollout.ClassList);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", Text(cut.Find(".deployment-reason")));
    }

    [Fact]
    public void Shows_the_task_definition_with_its_full_image()
    {
        var cut = Open("prod", "main", "checkout-api");

        Assert.Equal("333333333333.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:2.3.0", Text(cut.Find("code.image")));
        var values = cut.FindAll("dl.task-definition dd").Select(Text);
        Assert.Equal(
            ["checkout-api:13", "333333333333.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:2.3.0", "1024 units", "2048 MiB", "ASPNETCORE_ENVIRONMENT, PAYMENTS_URL"],
            values);
    }

    [Fact]
    public void Shows_each_alarm_with_its_state_metric_and_threshold()
    {
        var cut = Open("prod", "main", "checkout-api");

        var alarms = cut.FindAll("ul.alarms li");
        Assert.Equal(
            [
                "ALARM checkout-api-5xx-critical (HTTPCode_Target_5XX_Count > 10, since 2 min ago)",
                "OK checkout-api-cpu-warning (CPUUtilization > 75.5, since 2 d ago)",
            ],
            alarms.Select(Text));
        Assert.Contains("alarm-alarm", alarms[0].ClassList);
        Assert.Contains("alarm-ok", alarms[1].ClassList);
    }

    [Fact]
    public void A_service_without_alarms_or_events_or_metrics_says_so()
    {
        var cut = Open("prod", "main", "search-api");

        Assert.Equal(
            ["No CloudWatch alarms watch this service.", "No metrics reported for this service yet.", "The tasks of this service have not been read yet.", "ECS has reported no events for this service."],
            cut.FindAll("p.empty").Select(Text));
        Assert.Empty(cut.FindAll(".metrics-chart"));
    }

    [Fact]
    public void Shows_the_events_newest_first_with_their_class()
    {
        var cut = Open("prod", "main", "checkout-api");

        var events = cut.FindAll("ol.events li");
        Assert.Equal(["just now", "5 min ago", "1 h 10 min ago"], events.Select(e => Text(e.QuerySelector("time")!)));
        Assert.Equal(["Task failed to start", "Deployment failed", "Steady state"], events.Select(e => Text(e.QuerySelector(".event-class")!)));
        Assert.Equal(
            ["event event-taskfailedtostart", "event event-deploymentfailed", "event event-steadystate"],
            events.Select(e => e.ClassName));
        Assert.Equal("(service checkout-api) has reached a steady state.", Text(events[2].QuerySelector(".event-message")!));
        Assert.Equal("2025-06-02T10:50:00.0000000+00:00", events[2].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("Events (newest first, 3 kept by ECS)", Text(cut.Find("section[aria-label=Events] h2")));
    }

    [Fact]
    public void Charts_cpu_and_memory_when_metrics_were_reported()
    {
        var cut = Open("prod", "main", "checkout-api");

        Assert.NotNull(cut.Find(".metrics-chart"));
        Assert.Equal("CPU and memory, last 2 hours", Text(cut.Find("section[aria-label=Metrics] h2")));
    }

    [Fact]
    public void Breadcrumb_links_back_to_the_fleet_the_environment_and_the_cluster()
    {
        var cut = Open("prod", "main", "checkout-api");

        var links = cut.FindAll("nav.breadcrumb a");
        Assert.Equal(["", "environments/prod", "environments/prod?cluster=main"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("Fleet › prod › main › checkout-api", Text(cut.Find("nav.breadcrumb")));
    }

    [Fact]
    public void An_unknown_environment_shows_a_not_found_message_naming_it()
    {
        var cut = Open("qa", "main", "checkout-api");

        Assert.Contains("You have no environment named 'qa' to look at", Text(cut.Find("section.not-found")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_cluster_shows_a_not_found_message_naming_it()
    {
        var cut = Open("prod", "payments", "checkout-api");

        Assert.Contains("There is no cluster 'payments' in prod that you can see.", Text(cut.Find("section.not-found")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_service_shows_a_not_found_message_naming_it()
    {
        var cut = Open("prod", "batch", "checkout-api");

        Assert.Contains(
            "There is no service 'checkout-api' in cluster batch of prod that you can see.",
            Text(cut.Find("section.not-found")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Before_the_first_snapshot_shows_it_is_loading_rather_than_not_found()
    {
        Fleet.Put(Loading(Prod));

        var cut = Open("prod", "main", "checkout-api");

        Assert.Empty(cut.FindAll("section.not-found"));
        Assert.Equal("checkout-api", Text(cut.Find("h1")));
        Assert.Equal("Loading the first snapshot…", Text(cut.Find(".freshness")));
    }

    [Fact]
    public async Task Re_renders_when_its_environment_is_refreshed()
    {
        var cut = Open("prod", "main", "checkout-api");

        Fleet.Replace(Environment(Prod, Fresh, View(Prod, Checkout() with { RunningCount = 3, PendingCount = 0 }, Health(HealthLevel.Healthy))));

        await cut.WaitForStateAsync(() => Text(cut.Find("[data-fact=running]")) == "3");
        Assert.Equal("0", Text(cut.Find("[data-fact=pending]")));
        Assert.Equal("Healthy", Text(cut.Find("h1 .health")));
        Assert.Empty(cut.FindAll("ul.reasons"));
    }

    [Fact]
    public void The_deployments_panel_links_to_the_history_of_the_service()
    {
        var cut = Open("prod", "main", "checkout-api");

        Assert.Equal("history?environment=prod&service=checkout-api", cut.Find("a.history-link").GetAttribute("href"));
    }

    private IRenderedComponent<ServicePage> Open(string environment, string cluster, string name) =>
        Render<ServicePage>(parameters => parameters
            .Add(p => p.Environment, environment)
            .Add(p => p.Cluster, cluster)
            .Add(p => p.Name, name));

    private static string TaskDefinitionArn(int revision) =>
        $"arn:aws:ecs:{Region}:{AccountProd}:task-definition/checkout-api:{revision}";

    /// <summary>Mid-rollout to r13: one of three tasks running, two pending, one alarm firing.</summary>
    private static ServiceSnapshot Checkout()
    {
        var service = Service(Prod, "checkout-api", 13, "2.3.0");
        return service with
        {
            DesiredCount = 3,
            RunningCount = 1,
            PendingCount = 2,
            TaskDefinition = service.TaskDefinition with { Cpu = "1024", Memory = "2048", EnvironmentVariableNames = ["ASPNETCORE_ENVIRONMENT", "PAYMENTS_URL"] },
            Deployments =
            [
                Deployment(PrimaryId, "PRIMARY", TaskDefinitionArn(13), RolloutState.InProgress, Now.AddMinutes(-12),
                    desired: 3, running: 1, pending: 2, failed: 4, reason: $"ECS deployment {PrimaryId} in progress."),
                Deployment(ActiveId, "ACTIVE", TaskDefinitionArn(12), RolloutState.Completed, Now.AddHours(-3)),
            ],
            Alarms =
            [
                new AlarmStatus("checkout-api-5xx-critical", "ALARM", AlarmSeverity.Critical, "HTTPCode_Target_5XX_Count", 10, "Threshold Crossed", Now.AddMinutes(-2)),
                new AlarmStatus("checkout-api-cpu-warning", "OK", AlarmSeverity.Warning, "CPUUtilization", 75.5, null, Now.AddDays(-2)),
            ],
            // As ECS lists them: newest first.
            Events =
            [
                new ServiceEventRecord("e3", Now.AddSeconds(-5), "(service checkout-api) was unable to start a task.", ServiceEventClass.TaskFailedToStart),
                new ServiceEventRecord("e2", Now.AddMinutes(-5), $"(service checkout-api) (deployment {PrimaryId}) deployment failed: tasks failed to start.", ServiceEventClass.DeploymentFailed),
                new ServiceEventRecord("e1", Now.AddMinutes(-70), "(service checkout-api) has reached a steady state.", ServiceEventClass.SteadyState),
            ],
            Cpu = Series(Now.AddHours(-2), 20, 35, 61),
            Memory = Series(Now.AddHours(-2), 40, 42, 44),
        };
    }

    private static MetricSeries Series(DateTimeOffset from, params double[] values) =>
        new([.. values.Select((value, i) => new MetricPoint(from.AddHours(i), value))]);
}
