using Microsoft.EntityFrameworkCore;
using Portal.Server.Deployments;
using Portal.Server.History;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.Server.Tests.History;

/// <summary>
/// The timeline over the ledger, the event archive, ECS's archived service deployments and the alarm
/// changes: merged newest first, a rollout the ledger holds shown once, filtered, paged without repeats
/// or gaps even when many rows share an instant, and limited to the visible environments.
/// </summary>
public abstract class TimelineReaderTests : StoreTests
{
    private static readonly string[] Everything = ["dev", "prod"];

    private TimelineReader Reader => new(Contexts);

    [Fact]
    public async Task Deployments_and_events_are_merged_newest_first()
    {
        await SeedAsync(
            [Deploy("prod", "orders-api", Start.AddMinutes(10)), Deploy("prod", "orders-api", Start.AddMinutes(30))],
            [Event("prod", "orders-api", "e1", Start.AddMinutes(20)), Event("prod", "orders-api", "e2", Start.AddMinutes(40))]);

        var page = await Reader.ReadAsync(new TimelineQuery(), Everything, CancellationToken.None);

        Assert.Equal([40, 30, 20, 10], page.Items.Select(i => (int)(i.At - Start).TotalMinutes));
        Assert.Equal([TimelineKind.Event, TimelineKind.Deploy, TimelineKind.Event, TimelineKind.Deploy], page.Items.Select(i => i.Kind));
        Assert.Null(page.Next);
        var deploy = page.Items[1].Deployment!;
        Assert.Equal("environments/prod/clusters/prod-api/services/orders-api", deploy.Links.Service);
        Assert.StartsWith("history?environment=prod&cluster=prod-api&service=orders-api&from=", deploy.Links.Events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alarm_changes_take_their_place_between_deploys_and_rollbacks()
    {
        await SeedAsync(
            [Deploy("prod", "pricing-api", Start.AddMinutes(0)), Deploy("prod", "pricing-api", Start.AddMinutes(20), kind: DeploymentKinds.Rollback)],
            [],
            alarms: [Alarm("prod", "pricing-api", "ALARM", Start.AddMinutes(9)), Alarm("prod", "pricing-api", "OK", Start.AddMinutes(31))]);

        var page = await Reader.ReadAsync(new TimelineQuery { Service = "pricing-api" }, Everything, CancellationToken.None);

        Assert.Equal(["OK", "rollback", "ALARM", "deploy"], page.Items.Select(i => i.Alarm?.State ?? i.Deployment!.Kind));
        var alarm = page.Items[2];
        Assert.Equal(TimelineKind.Alarm, alarm.Kind);
        Assert.Equal(TimelineItem.AlarmSource, alarm.Source);
        Assert.Equal("pricing-api-cpu-critical", alarm.Alarm!.Name);
        Assert.Equal("CPUUtilization", alarm.Alarm.MetricName);
        Assert.StartsWith("Threshold Crossed", alarm.Alarm.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_keep_only_matching_rows()
    {
        await SeedAsync(
            [
                Deploy("prod", "orders-api", Start.AddMinutes(1), actor: "bob", source: DeploymentSources.Ci, status: DeploymentStatus.Failed),
                Deploy("prod", "billing-api", Start.AddMinutes(2)),
                Deploy("dev", "orders-api", Start.AddMinutes(3)),
            ],
            [Event("prod", "orders-api", "e1", Start.AddMinutes(4)), Event("prod", "billing-api", "e2", Start.AddMinutes(5))],
            alarms: [Alarm("prod", "orders-api", "ALARM", Start.AddMinutes(6))]);

        async Task<int> Count(TimelineQuery query) => (await Reader.ReadAsync(query, Everything, CancellationToken.None)).Items.Count;

        Assert.Equal(3, await Count(new TimelineQuery { Environment = "prod", Service = "orders-api" }));
        Assert.Equal(1, await Count(new TimelineQuery { Actor = "bob" }));
        Assert.Equal(1, await Count(new TimelineQuery { Source = "ci" }));
        Assert.Equal(2, await Count(new TimelineQuery { Source = TimelineItem.EventSource }));
        Assert.Equal(1, await Count(new TimelineQuery { Outcome = "failed" }));
        Assert.Equal(3, await Count(new TimelineQuery { Kind = TimelineKind.Deploy }));
        Assert.Equal(2, await Count(new TimelineQuery { Kind = TimelineKind.Event }));
        Assert.Equal(1, await Count(new TimelineQuery { Kind = TimelineKind.Alarm }));
        Assert.Equal(1, await Count(new TimelineQuery { Source = TimelineItem.AlarmSource }));
        Assert.Equal(0, await Count(new TimelineQuery { Kind = TimelineKind.Alarm, Actor = "bob" }));
        Assert.Equal(3, await Count(new TimelineQuery { From = Start.AddMinutes(2), To = Start.AddMinutes(5) }));
        Assert.Equal(0, await Count(new TimelineQuery { Cluster = "elsewhere" }));
    }

    [Fact]
    public async Task Invisible_environments_show_nothing()
    {
        await SeedAsync([Deploy("prod", "orders-api", Start), Deploy("dev", "orders-api", Start)], [Event("prod", "orders-api", "e1", Start)]);

        var devOnly = await Reader.ReadAsync(new TimelineQuery(), ["dev"], CancellationToken.None);
        var prodAsked = await Reader.ReadAsync(new TimelineQuery { Environment = "prod" }, ["dev"], CancellationToken.None);

        Assert.All(devOnly.Items, i => Assert.Equal("dev", i.Environment));
        Assert.Single(devOnly.Items);
        Assert.Empty(prodAsked.Items);
    }

    [Fact]
    public async Task Pages_neither_repeat_nor_skip_rows_sharing_an_instant()
    {
        // Seven instants shared by 60 deployments, 90 events and 40 alarm changes: pages of 7 end in the middle of ties.
        var deployments = Enumerable.Range(0, 60).Select(i => Deploy("prod", "orders-api", Start.AddMinutes(i % 7), key: $"k{i}")).ToList();
        var events = Enumerable.Range(0, 90).Select(i => Event("prod", "orders-api", $"e{i}", Start.AddMinutes(i % 7))).ToList();
        var alarms = Enumerable.Range(0, 40).Select(i => Alarm("prod", "orders-api", "ALARM", Start.AddMinutes(i % 7), name: $"alarm-{i}")).ToList();
        await SeedAsync(deployments, events, alarms: alarms);

        var whole = await Reader.ReadAsync(new TimelineQuery { PageSize = TimelineQuery.MaxPageSize }, Everything, CancellationToken.None);
        var paged = new List<TimelineItem>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Reader.ReadAsync(new TimelineQuery { PageSize = 7, After = after }, Everything, CancellationToken.None);
            paged.AddRange(page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 100);

        Assert.Equal(190, whole.Items.Count);
        Assert.Equal(whole.Items.Select(i => i.Key), paged.Select(i => i.Key));
        Assert.Equal(whole.Items.OrderByDescending(i => i.At).Select(i => i.At), whole.Items.Select(i => i.At));
    }

    [Fact]
    public async Task Deploys_events_and_deploys_outside_the_portal_are_merged_newest_first()
    {
        var rollback = Outside("prod", "orders-api", "sd-2", Start.AddMinutes(50), status: "ROLLBACK_SUCCESSFUL");
        rollback.StatusReason = "ECS deployment circuit breaker: tasks failed to start.";
        rollback.RollbackReason = "Circuit breaker tripped: tasks failed to start.";
        rollback.RollbackStartedAt = Start.AddMinutes(53);
        rollback.RollbackServiceRevisionArn = "arn:aws:ecs:eu-west-1:1:service-revision/prod-api/orders-api/41";
        await SeedAsync(
            [Deploy("prod", "orders-api", Start.AddMinutes(10)), Deploy("prod", "orders-api", Start.AddMinutes(30))],
            [Event("prod", "orders-api", "e1", Start.AddMinutes(20)), Event("prod", "orders-api", "e2", Start.AddMinutes(40))],
            [Outside("prod", "orders-api", "sd-1", Start.AddMinutes(25), taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/orders-api:42"), rollback]);

        var page = await Reader.ReadAsync(new TimelineQuery(), Everything, CancellationToken.None);

        Assert.Equal([50, 40, 30, 25, 20, 10], page.Items.Select(i => (int)(i.At - Start).TotalMinutes));
        Assert.Equal(
            [TimelineKind.EcsDeployment, TimelineKind.Event, TimelineKind.Deploy, TimelineKind.EcsDeployment, TimelineKind.Event, TimelineKind.Deploy],
            page.Items.Select(i => i.Kind));
        var outside = page.Items[3];
        Assert.Equal(TimelineItem.EventSource, outside.Source);
        Assert.Null(outside.Deployment);
        Assert.Equal("Deploy outside the portal of orders-api:42: SUCCESSFUL", outside.Summary);
        Assert.Equal("SUCCESSFUL", outside.EcsDeployment!.Status);
        Assert.Equal("arn:aws:ecs:eu-west-1:1:task-definition/orders-api:42", outside.EcsDeployment.TargetTaskDefinition);
        Assert.Equal(["arn:aws:ecs:eu-west-1:1:service-revision/prod-api/orders-api/1", "arn:aws:ecs:eu-west-1:1:service-revision/prod-api/orders-api/2"],
            outside.EcsDeployment.SourceServiceRevisionArns);
        Assert.StartsWith("history?environment=prod&cluster=prod-api&service=orders-api&from=", outside.EcsDeployment.Links.Events, StringComparison.Ordinal);
        var rolledBack = page.Items[0].EcsDeployment!;
        Assert.Equal("ROLLBACK_SUCCESSFUL", rolledBack.Status);
        Assert.Equal(new TimelineRollback("Circuit breaker tripped: tasks failed to start.", Start.AddMinutes(53), "arn:aws:ecs:eu-west-1:1:service-revision/prod-api/orders-api/41"), rolledBack.Rollback);
        Assert.Null(page.Items[3].EcsDeployment!.Rollback);
    }

    [Fact]
    public async Task A_rollout_the_ledger_holds_is_shown_once_as_the_ledger_deployment()
    {
        var at = Start.AddHours(1);
        var byTime = Deploy("prod", "orders-api", at, updatedServiceAt: at.AddSeconds(2));
        var byId = Deploy("prod", "orders-api", at.AddHours(1), updatedServiceAt: at.AddHours(1).AddSeconds(2), ecsDeploymentId: "ecs-svc/2");
        await SeedAsync(
            [byTime, byId],
            [],
            [
                // The ledger's first deploy, created just before the portal noted the update: hidden.
                Outside("prod", "orders-api", "same-time", at.AddSeconds(1)),

                // Someone deployed from the console half a minute later: in the window, but not the closest.
                Outside("prod", "orders-api", "console", at.AddSeconds(32)),

                // The ledger's second deploy, known by ECS's deployment id: hidden.
                Outside("prod", "orders-api", "same-id", at.AddHours(1).AddSeconds(3), ecsDeploymentId: "ecs-svc/2"),

                // Closer in time to the second deploy, but ECS's ids say it is another rollout.
                Outside("prod", "orders-api", "other-id", at.AddHours(1).AddSeconds(2), ecsDeploymentId: "ecs-svc/9"),

                // Another service, and another environment, at the very same time: theirs.
                Outside("prod", "billing-api", "other-service", at.AddSeconds(1)),
                Outside("dev", "orders-api", "other-environment", at),

                // Outside the window before the update.
                Outside("prod", "orders-api", "earlier", at.AddSeconds(-4)),
            ]);

        await StandInAsync("prod", "orders-api");

        var page = await Reader.ReadAsync(new TimelineQuery(), Everything, CancellationToken.None);

        Assert.Equal(2, page.Items.Count(i => i.Kind == TimelineKind.Deploy));
        Assert.Equal(
            ["other-id", "console", "other-service", "other-environment", "earlier"],
            page.Items.Where(i => i.Kind == TimelineKind.EcsDeployment).Select(i => i.EcsDeployment!.ServiceDeploymentArn.Split('/')[^1]));
    }

    [Fact]
    public async Task Filters_treat_deploys_outside_the_portal_as_ecs_rows()
    {
        await SeedAsync(
            [Deploy("prod", "orders-api", Start.AddMinutes(1), actor: "bob", status: DeploymentStatus.Failed)],
            [Event("prod", "orders-api", "e1", Start.AddMinutes(2))],
            [Outside("prod", "orders-api", "sd-1", Start.AddMinutes(3)), Outside("prod", "billing-api", "sd-2", Start.AddMinutes(4)), Outside("dev", "orders-api", "sd-3", Start.AddMinutes(5))]);

        async Task<List<TimelineKind>> Kinds(TimelineQuery query) => (await Reader.ReadAsync(query, Everything, CancellationToken.None)).Items.Select(i => i.Kind).ToList();

        Assert.Equal([TimelineKind.EcsDeployment, TimelineKind.EcsDeployment, TimelineKind.EcsDeployment], await Kinds(new TimelineQuery { Kind = TimelineKind.EcsDeployment }));
        Assert.Equal([TimelineKind.Deploy], await Kinds(new TimelineQuery { Kind = TimelineKind.Deploy }));
        Assert.Equal([TimelineKind.EcsDeployment, TimelineKind.EcsDeployment, TimelineKind.EcsDeployment, TimelineKind.Event], await Kinds(new TimelineQuery { Source = TimelineItem.EventSource }));
        Assert.Equal([TimelineKind.Deploy], await Kinds(new TimelineQuery { Actor = "bob" }));
        Assert.Equal([TimelineKind.Deploy], await Kinds(new TimelineQuery { Outcome = "failed" }));
        Assert.Equal([], await Kinds(new TimelineQuery { Source = "ui", Kind = TimelineKind.EcsDeployment }));
        Assert.Equal([TimelineKind.EcsDeployment, TimelineKind.Event, TimelineKind.Deploy], await Kinds(new TimelineQuery { Environment = "prod", Service = "orders-api" }));
        Assert.Equal([TimelineKind.EcsDeployment], await Kinds(new TimelineQuery { Environment = "prod", Kind = TimelineKind.EcsDeployment, From = Start.AddMinutes(4) }));
        Assert.Equal([TimelineKind.EcsDeployment], await Kinds(new TimelineQuery { Kind = TimelineKind.EcsDeployment, To = Start.AddMinutes(4) }));
        Assert.Equal([TimelineKind.EcsDeployment], (await Reader.ReadAsync(new TimelineQuery { Kind = TimelineKind.EcsDeployment }, ["dev"], CancellationToken.None)).Items.Select(i => i.Kind));
    }

    [Fact]
    public async Task Pages_over_three_sources_neither_repeat_nor_skip_and_never_show_what_the_ledger_holds()
    {
        // Seven instants shared by 60 deployments, 90 events and 80 service deployments, of which the ledger holds 20.
        var deployments = Enumerable.Range(0, 60)
            .Select(i => Deploy("prod", "orders-api", Start.AddMinutes(i % 7), key: $"k{i}",
                updatedServiceAt: i < 20 ? Start.AddMinutes(i % 7) : null, ecsDeploymentId: i < 20 ? $"ecs-svc/{i}" : null))
            .ToList();
        var events = Enumerable.Range(0, 90).Select(i => Event("prod", "orders-api", $"e{i}", Start.AddMinutes(i % 7))).ToList();
        var outside = Enumerable.Range(0, 80)
            .Select(i => Outside("prod", "orders-api", $"sd-{i}", Start.AddMinutes(i % 7), ecsDeploymentId: i < 20 ? $"ecs-svc/{i}" : $"ecs-svc/outside-{i}"))
            .ToList();
        await SeedAsync(deployments, events, outside);
        await StandInAsync("prod", "orders-api");

        var whole = await Reader.ReadAsync(new TimelineQuery { PageSize = TimelineQuery.MaxPageSize }, Everything, CancellationToken.None);
        foreach (var size in new[] { 1, 7, 50 })
        {
            var paged = await ReadAllAsync(new TimelineQuery { PageSize = size });
            Assert.Equal(whole.Items.Select(i => (i.Kind, i.Key)), paged.Select(i => (i.Kind, i.Key)));
        }

        Assert.Equal(60 + 90 + 60, whole.Items.Count);
        Assert.Equal(whole.Items.OrderByDescending(i => i.At).Select(i => i.At), whole.Items.Select(i => i.At));
        Assert.DoesNotContain(whole.Items, i => i.EcsDeployment?.EcsDeploymentId is { } id && !id.Contains("outside", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_run_the_ledger_holds_neither_empties_a_page_nor_hides_what_lies_beyond_it()
    {
        // The 30 newest service deployments are the ledger's own; five older ones were made outside the portal.
        var ledger = Enumerable.Range(0, 30)
            .Select(i => Deploy("prod", "orders-api", Start.AddMinutes(100 - i), updatedServiceAt: Start.AddMinutes(100 - i), ecsDeploymentId: $"ecs-svc/{i}"))
            .ToList();
        var outside = Enumerable.Range(0, 30)
            .Select(i => Outside("prod", "orders-api", $"held-{i}", Start.AddMinutes(100 - i), ecsDeploymentId: $"ecs-svc/{i}"))
            .Concat(Enumerable.Range(0, 5).Select(i => Outside("prod", "orders-api", $"console-{i}", Start.AddMinutes(50 - i))))
            .ToList();
        await SeedAsync(ledger, [Event("prod", "orders-api", "e1", Start.AddMinutes(60))], outside);
        await StandInAsync("prod", "orders-api");

        var first = await Reader.ReadAsync(new TimelineQuery { Kind = TimelineKind.EcsDeployment, PageSize = 3 }, Everything, CancellationToken.None);
        var everything = await ReadAllAsync(new TimelineQuery { Source = TimelineItem.EventSource, PageSize = 2 });

        Assert.Equal(["console-0", "console-1", "console-2"], first.Items.Select(i => i.EcsDeployment!.ServiceDeploymentArn.Split('/')[^1]));
        Assert.NotNull(first.Next);
        Assert.Equal(["e1", "console-0", "console-1", "console-2", "console-3", "console-4"],
            everything.Select(i => i.Event?.EventId ?? i.EcsDeployment!.ServiceDeploymentArn.Split('/')[^1]));
    }

    private async Task<List<TimelineItem>> ReadAllAsync(TimelineQuery query)
    {
        var items = new List<TimelineItem>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Reader.ReadAsync(query with { After = after }, Everything, CancellationToken.None);
            Assert.NotEmpty(page.Items);
            items.AddRange(page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 1000);

        return items;
    }

    [Fact]
    public async Task Folded_pages_count_a_run_of_repeats_once_and_page_through_every_row_once()
    {
        // 30 placement failures, a deploy of the same service, 18 more; another service's deploy in the first run.
        var failures = Enumerable.Range(0, 48).Select(i => PlacementFailure("prod", "recommendations", $"p{i}", Start.AddMinutes(i < 30 ? i : i + 10))).ToList();
        await SeedAsync(
            [Deploy("prod", "recommendations", Start.AddMinutes(35)), Deploy("prod", "orders-api", Start.AddMinutes(12).AddSeconds(30))],
            failures);
        var query = new TimelineQuery { Environment = "prod", Fold = true };

        var whole = await Reader.ReadAsync(query, Everything, CancellationToken.None);
        Assert.Equal(["fold 18", "deploy", "fold 30", "deploy"], whole.Items.Select(Describe));
        Assert.Null(whole.Next);

        // Two rows a page: the folds cut at a page's end continue on the next, and nothing repeats or is skipped.
        var shown = new List<TimelineItem>();
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Reader.ReadAsync(query with { PageSize = 2, After = after }, Everything, CancellationToken.None);
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.SelectMany(TimelineFolding.Members).Select(i => i.Key));
            shown = TimelineFolding.Append(shown, page.Items);
            after = page.Next;
            pages++;
        }
        while (after is not null && pages < 20);

        Assert.Null(after);
        Assert.Equal(50, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(whole.Items.Select(Describe), shown.Select(Describe));
        var newest = shown[0].Fold!;
        Assert.Equal(Start.AddMinutes(40), newest.First);
        Assert.Equal(Start.AddMinutes(57), newest.Last);
    }

    [Fact]
    public async Task Without_folding_every_repeat_is_its_own_row()
    {
        await SeedAsync([], Enumerable.Range(0, 5).Select(i => PlacementFailure("prod", "recommendations", $"p{i}", Start.AddMinutes(i))));

        var page = await Reader.ReadAsync(new TimelineQuery(), Everything, CancellationToken.None);

        Assert.Equal(5, page.Items.Count);
        Assert.All(page.Items, i => Assert.Null(i.Fold));
    }

    private static string Describe(TimelineItem item) => item.Fold is { } fold ? $"fold {fold.Count}" : item.Kind == TimelineKind.Deploy ? "deploy" : "event";

    private static ArchivedServiceEvent PlacementFailure(string environment, string service, string id, DateTimeOffset at) => new()
    {
        Environment = environment,
        Cluster = $"{environment}-api",
        Service = service,
        EventId = id,
        CreatedAt = at,
        Message = $"(service {service}) was unable to place a task because no container instance met all of its requirements.",
        Class = "PlacementFailure",
    };

    /// <summary>What the archive does as it writes a service's rows: marks those the ledger stands for.</summary>
    private async Task StandInAsync(string environment, string service)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        var rows = await context.ArchivedServiceDeployments.Where(d => d.Environment == environment && d.Service == service).ToListAsync();
        await LedgerRollouts.StandInAsync(context, environment, $"{environment}-api", service, rows, CancellationToken.None);
        await context.SaveChangesAsync();
    }

    private async Task SeedAsync(
        IEnumerable<Deployment> deployments, IEnumerable<ArchivedServiceEvent> events,
        IEnumerable<ArchivedServiceDeployment>? outside = null, IEnumerable<ArchivedAlarmChange>? alarms = null)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        context.Deployments.AddRange(deployments);
        context.ArchivedServiceEvents.AddRange(events);
        context.ArchivedServiceDeployments.AddRange(outside ?? []);
        context.ArchivedAlarmChanges.AddRange(alarms ?? []);
        await context.SaveChangesAsync();
    }

    private static ArchivedServiceDeployment Outside(
        string environment, string service, string name, DateTimeOffset createdAt, string status = "SUCCESSFUL", string? ecsDeploymentId = null, string? taskDefinition = null) => new()
    {
        Environment = environment,
        Cluster = $"{environment}-api",
        Service = service,
        ServiceDeploymentArn = $"arn:aws:ecs:eu-west-1:1:service-deployment/{environment}-api/{service}/{name}",
        EcsDeploymentId = ecsDeploymentId,
        CreatedAt = createdAt,
        StartedAt = createdAt,
        FinishedAt = createdAt.AddMinutes(4),
        Status = status,
        TargetServiceRevisionArn = $"arn:aws:ecs:eu-west-1:1:service-revision/{environment}-api/{service}/3",
        SourceServiceRevisionArns = $"arn:aws:ecs:eu-west-1:1:service-revision/{environment}-api/{service}/1 arn:aws:ecs:eu-west-1:1:service-revision/{environment}-api/{service}/2",
        TargetTaskDefinition = taskDefinition,
        LastCheckedAt = createdAt.AddMinutes(5),
    };

    private static Deployment Deploy(
        string environment, string service, DateTimeOffset at, string actor = "alice", string source = DeploymentSources.Ui,
        DeploymentStatus status = DeploymentStatus.Completed, string? key = null, DateTimeOffset? updatedServiceAt = null, string? ecsDeploymentId = null,
        string kind = DeploymentKinds.Deploy) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        Source = source,
        Actor = actor,
        Environment = environment,
        Cluster = $"{environment}-api",
        Service = service,
        IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
        FromTaskDefinition = $"arn:aws:ecs:eu-west-1:1:task-definition/{service}:10",
        Image = $"repo/{service}:e8d2c91",
        Status = status,
        RequestedAt = at,
        UpdatedServiceAt = updatedServiceAt,
        EcsDeploymentId = ecsDeploymentId,
        FinishedAt = at.AddMinutes(5),
    };

    private static ArchivedServiceEvent Event(string environment, string service, string id, DateTimeOffset at) => new()
    {
        Environment = environment,
        Cluster = $"{environment}-api",
        Service = service,
        EventId = id,
        CreatedAt = at,
        Message = $"(service {service}) has reached a steady state.",
        Class = "SteadyState",
    };

    private static ArchivedAlarmChange Alarm(string environment, string service, string state, DateTimeOffset at, string? name = null) => new()
    {
        Environment = environment,
        Cluster = $"{environment}-api",
        Service = service,
        AlarmName = name ?? $"{service}-cpu-critical",
        State = state,
        Severity = "Critical",
        MetricName = "CPUUtilization",
        Threshold = 80,
        Reason = "Threshold Crossed: 3 datapoints were greater than the threshold (80.0).",
        ChangedAt = at,
    };
}

public sealed class SqliteTimelineReaderTests(SqliteTestDatabase database) : TimelineReaderTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresTimelineReaderTests(PostgresServer server) : TimelineReaderTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
