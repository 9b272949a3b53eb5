using Portal.Server.Deployments;
using Portal.Server.History;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.Server.Tests.History;

/// <summary>
/// The timeline over the ledger and the event archive: merged newest first, filtered, paged without
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
    public async Task Filters_keep_only_matching_rows()
    {
        await SeedAsync(
            [
                Deploy("prod", "orders-api", Start.AddMinutes(1), actor: "bob", source: DeploymentSources.Ci, status: DeploymentStatus.Failed),
                Deploy("prod", "billing-api", Start.AddMinutes(2)),
                Deploy("dev", "orders-api", Start.AddMinutes(3)),
            ],
            [Event("prod", "orders-api", "e1", Start.AddMinutes(4)), Event("prod", "billing-api", "e2", Start.AddMinutes(5))]);

        async Task<int> Count(TimelineQuery query) => (await Reader.ReadAsync(query, Everything, CancellationToken.None)).Items.Count;

        Assert.Equal(2, await Count(new TimelineQuery { Environment = "prod", Service = "orders-api" }));
        Assert.Equal(1, await Count(new TimelineQuery { Actor = "bob" }));
        Assert.Equal(1, await Count(new TimelineQuery { Source = "ci" }));
        Assert.Equal(2, await Count(new TimelineQuery { Source = TimelineItem.EventSource }));
        Assert.Equal(1, await Count(new TimelineQuery { Outcome = "failed" }));
        Assert.Equal(3, await Count(new TimelineQuery { Kind = TimelineKind.Deploy }));
        Assert.Equal(2, await Count(new TimelineQuery { Kind = TimelineKind.Event }));
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
        // Seven instants shared by 60 deployments and 90 events: pages of 7 end in the middle of ties.
        var deployments = Enumerable.Range(0, 60).Select(i => Deploy("prod", "orders-api", Start.AddMinutes(i % 7), key: $"k{i}")).ToList();
        var events = Enumerable.Range(0, 90).Select(i => Event("prod", "orders-api", $"e{i}", Start.AddMinutes(i % 7))).ToList();
        await SeedAsync(deployments, events);

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

        Assert.Equal(150, whole.Items.Count);
        Assert.Equal(whole.Items.Select(i => i.Key), paged.Select(i => i.Key));
        Assert.Equal(whole.Items.OrderByDescending(i => i.At).Select(i => i.At), whole.Items.Select(i => i.At));
    }

    private async Task SeedAsync(IEnumerable<Deployment> deployments, IEnumerable<ArchivedServiceEvent> events)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        context.Deployments.AddRange(deployments);
        context.ArchivedServiceEvents.AddRange(events);
        await context.SaveChangesAsync();
    }

    private static Deployment Deploy(
        string environment, string service, DateTimeOffset at, string actor = "alice", string source = DeploymentSources.Ui,
        DeploymentStatus status = DeploymentStatus.Completed, string? key = null) => new()
    {
        Id = Guid.NewGuid(),
        Kind = DeploymentKinds.Deploy,
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
