using Portal.Server.Deployments;
using Portal.Server.History;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.Server.Tests.History;

/// <summary>
/// The timeline over the ledger, the event archive and the alarm changes: merged newest first, filtered, paged without
/// repeats or gaps even when many rows share an instant, and limited to the visible environments.
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
            [Alarm("prod", "pricing-api", "ALARM", Start.AddMinutes(9)), Alarm("prod", "pricing-api", "OK", Start.AddMinutes(31))]);

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
            [Alarm("prod", "orders-api", "ALARM", Start.AddMinutes(6))]);

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
        await SeedAsync(deployments, events, alarms);

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

    private async Task SeedAsync(IEnumerable<Deployment> deployments, IEnumerable<ArchivedServiceEvent> events, IEnumerable<ArchivedAlarmChange>? alarms = null)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        context.Deployments.AddRange(deployments);
        context.ArchivedServiceEvents.AddRange(events);
        context.ArchivedAlarmChanges.AddRange(alarms ?? []);
        await context.SaveChangesAsync();
    }

    private static Deployment Deploy(
        string environment, string service, DateTimeOffset at, string actor = "alice", string source = DeploymentSources.Ui,
        DeploymentStatus status = DeploymentStatus.Completed, string? key = null, string kind = DeploymentKinds.Deploy) => new()
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
