using Portal.Shared.Environments;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Client.Tests.Support;

/// <summary>
/// Builders for the fleet the pages read. Health is given, not evaluated: the pages show what the
/// fleet view says, so the tests decide the level and reasons directly.
/// </summary>
public static class TestFleet
{
    public const string AccountDev = "111111111111";
    public const string AccountStage = "222222222222";
    public const string AccountProd = "333333333333";
    public const string Region = "eu-west-1";

    public static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    public static readonly EnvironmentInfo Dev = new("dev", AccountDev, Region, EnvironmentColour.Green, IsProtected: false);
    public static readonly EnvironmentInfo Stage = new("stage", AccountStage, Region, EnvironmentColour.Amber, IsProtected: false);
    public static readonly EnvironmentInfo Prod = new("prod", AccountProd, Region, EnvironmentColour.Red, IsProtected: true);

    /// <summary>Read 30 s ago, no error.</summary>
    public static EnvironmentFreshness Fresh => new(Now.AddSeconds(-30), Now.AddSeconds(-30), LastError: null, IsStale: false, CloudWatchFreshness.Fresh(Now.AddSeconds(-30)));

    /// <summary>Last read 20 min ago; the refreshes since have failed with <paramref name="error"/>.</summary>
    public static EnvironmentFreshness Stale(string? error) =>
        new(Now.AddMinutes(-20), Now.AddMinutes(-1), error, IsStale: true, new CloudWatchFreshness(Now.AddMinutes(-20), LastError: null, IsStale: true));

    /// <summary>ECS read 30 s ago; CloudWatch last read <paramref name="readAgo"/> ago (never when null), failing since with <paramref name="error"/>.</summary>
    public static EnvironmentFreshness CloudWatchFailing(string error, TimeSpan? readAgo) =>
        Fresh with { CloudWatch = new CloudWatchFreshness(Now - readAgo, error, IsStale: true) };

    /// <summary>Never read yet; <paramref name="error"/> when the first attempt failed.</summary>
    public static EnvironmentFreshness NoSnapshot(string? error = null) =>
        new(RefreshedAt: null, LastAttemptAt: error is null ? null : Now.AddMinutes(-1), error, IsStale: true, new CloudWatchFreshness(null, null, IsStale: true));

    /// <summary>An environment whose clusters are the services' clusters, in the order the services name them.</summary>
    public static EnvironmentView Environment(EnvironmentInfo info, EnvironmentFreshness freshness, params ServiceView[] services)
    {
        ArgumentNullException.ThrowIfNull(info);
        var clusters = services
            .GroupBy(s => s.Service.Cluster, StringComparer.Ordinal)
            .Select(group => new ClusterView(
                new ClusterSnapshot(
                    group.Key,
                    $"arn:aws:ecs:{Region}:{info.AccountId}:cluster/{group.Key}",
                    "ACTIVE",
                    group.Sum(s => s.Service.RunningCount),
                    group.Sum(s => s.Service.PendingCount),
                    [.. group.Select(s => s.Service)]),
                [.. group]))
            .ToList();
        return new EnvironmentView(info, freshness, clusters);
    }

    /// <summary>An environment that has not been read yet.</summary>
    public static EnvironmentView Loading(EnvironmentInfo info, string? error = null) => new(info, NoSnapshot(error), []);

    public static ServiceView View(EnvironmentInfo environment, ServiceSnapshot service, ServiceHealth health)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new(environment.Name, service, health);
    }

    /// <summary>A service at <paramref name="level"/>, each reason text at that level; Healthy takes none.</summary>
    public static ServiceView View(
        EnvironmentInfo environment,
        string name,
        int revision,
        string tag,
        HealthLevel level = HealthLevel.Healthy,
        string cluster = "main",
        params string[] reasons)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return View(environment, Service(environment, name, revision, tag, cluster), Health(level, reasons));
    }

    public static ServiceHealth Health(HealthLevel level, params string[] reasons) =>
        level == HealthLevel.Healthy && reasons.Length == 0
            ? ServiceHealth.From([])
            : new ServiceHealth(level, [.. reasons.Select((text, i) => new HealthReason(level, "code-" + i, text))]);

    public static ServiceSnapshot Service(EnvironmentInfo environment, string name, int revision, string tag, string cluster = "main")
    {
        ArgumentNullException.ThrowIfNull(environment);
        var taskDefinitionArn = $"arn:aws:ecs:{Region}:{environment.AccountId}:task-definition/{name}:{revision}";
        return new ServiceSnapshot(
            Name: name,
            Cluster: cluster,
            Arn: $"arn:aws:ecs:{Region}:{environment.AccountId}:service/{cluster}/{name}",
            Status: "ACTIVE",
            DesiredCount: 2,
            RunningCount: 2,
            PendingCount: 0,
            TaskDefinition: new TaskDefinitionSummary(
                taskDefinitionArn,
                name,
                revision,
                $"{environment.AccountId}.dkr.ecr.{Region}.amazonaws.com/{name}:{tag}",
                "512",
                "1024",
                ["ASPNETCORE_ENVIRONMENT"]),
            Deployments: [Deployment("ecs-svc/1000000000000000001", "PRIMARY", taskDefinitionArn, RolloutState.Completed, Now.AddHours(-3))],
            Events: [],
            Cpu: MetricSeries.Empty,
            Memory: MetricSeries.Empty,
            Alarms: [],
            Tags: new Dictionary<string, string> { ["team"] = "platform" },
            BelowDesiredSince: null,
            PendingSince: null,
            CloudWatchReadAt: Now.AddSeconds(-30));
    }

    public static DeploymentSnapshot Deployment(
        string id,
        string status,
        string taskDefinitionArn,
        RolloutState state,
        DateTimeOffset createdAt,
        int desired = 2,
        int running = 2,
        int pending = 0,
        int failed = 0,
        string? reason = null) =>
        new(id, status, taskDefinitionArn, desired, running, pending, failed, state, reason, createdAt, createdAt);

    /// <summary>
    /// dev → stage → prod. prod has 1 Critical, 2 Warning and 2 Healthy services in two clusters;
    /// checkout-api trails stage by two revisions and stage trails dev by one; orders-api,
    /// search-api and report-worker run only in prod, recommendations-api only in dev.
    /// </summary>
    public static FakeFleetView Standard() => new(
        Environment(Dev, Fresh,
            View(Dev, "checkout-api", 15, "2.4.0"),
            View(Dev, "recommendations-api", 3, "0.3.0"),
            View(Dev, "tracking-api", 8, "1.4.2")),
        Environment(Stage, Fresh,
            View(Stage, "checkout-api", 14, "2.3.1"),
            View(Stage, "tracking-api", 8, "1.4.2")),
        StandardProd());

    public static EnvironmentView StandardProd() => Environment(Prod, Fresh,
        View(Prod, "checkout-api", 12, "2.3.0", HealthLevel.Critical, "main", "Running 0 of 3 tasks for 5 min"),
        View(Prod, "tracking-api", 8, "1.4.2", HealthLevel.Warning, "main", "Alarm tracking-api-latency-warning in ALARM since 4 min ago"),
        View(Prod, "search-api", 5, "3.0.1"),
        View(Prod, "orders-api", 30, "5.1.0", HealthLevel.Warning, "main", "CPU at 82% (warning above 75%)"),
        View(Prod, "report-worker", 9, "0.9.0", HealthLevel.Healthy, "batch"));
}
