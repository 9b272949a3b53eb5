using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.History;
using Portal.Server.Instances;
using Portal.Server.Persistence;
using Portal.Server.Tests.Metrics;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Environments;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.History;

/// <summary>
/// ECS's service deployments kept beyond its 90 days: a first sight reads every page and describes 20
/// at a time, a status change rewrites the row, ECS is asked again only about services whose
/// deployments changed or have not finished, and a failing call costs nothing but a retry.
/// </summary>
public abstract class ServiceDeploymentArchiveTests : StoreTests
{
    private readonly ScriptedServiceDeployments _ecs = new();
    private readonly ListLoggerProvider _logs = new();

    [Fact]
    public async Task First_sight_reads_every_page_and_describes_at_most_twenty_at_a_time()
    {
        _ecs.PageSize = 10;
        for (var i = 0; i < 45; i++)
        {
            _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", i, Start.AddDays(-80).AddHours(i)));
        }

        var round = await NewArchive().ArchiveAsync(Snapshot(Service("orders-api")), CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(1, 45, 0, 0, 0), round);
        Assert.Equal(5, _ecs.CallsFor("ListServiceDeployments", "orders-api"));
        Assert.Equal([20, 20, 5], _ecs.DescribeSizes);
        var rows = await RowsAsync();
        Assert.Equal(45, rows.Count);
        Assert.Equal(45, rows.Select(r => r.ServiceDeploymentArn).Distinct().Count());
        var newest = rows.Single(r => r.ServiceDeploymentArn == ScriptedServiceDeployments.Arn("orders-api", 44));
        Assert.Equal(("prod", "prod-api", "orders-api", "SUCCESSFUL"), (newest.Environment, newest.Cluster, newest.Service, newest.Status));
        Assert.Equal(Start.AddDays(-80).AddHours(44), newest.CreatedAt);
        Assert.Equal(newest.CreatedAt.AddMinutes(4), newest.FinishedAt);
        Assert.Equal(ScriptedServiceDeployments.RevisionArn("orders-api", 44), newest.TargetServiceRevisionArn);
        Assert.Equal(ScriptedServiceDeployments.RevisionArn("orders-api", 43), newest.SourceServiceRevisionArns);
        Assert.Equal(Start, newest.LastCheckedAt);
    }

    [Fact]
    public async Task A_rollout_the_portal_made_is_marked_with_its_ledger_deployment_and_one_from_the_console_is_not()
    {
        var portalAt = Start.AddMinutes(-30);
        var ledger = new Deployment
        {
            Id = Guid.NewGuid(),
            Kind = Portal.Server.Deployments.DeploymentKinds.Deploy,
            Source = DeploymentSources.Ui,
            Actor = "alice",
            Environment = "prod",
            Cluster = "prod-api",
            Service = "orders-api",
            IdempotencyKey = "portal-deploy",
            FromTaskDefinition = "arn:aws:ecs:eu-west-1:1:task-definition/orders-api:1",
            Image = "repo/orders-api:abc1234",
            Status = Portal.Shared.Deployments.DeploymentStatus.Completed,
            RequestedAt = portalAt.AddSeconds(-1),
            UpdatedServiceAt = portalAt.AddSeconds(1),
        };
        await using (var context = await Contexts.CreateDbContextAsync())
        {
            context.Deployments.Add(ledger);
            await context.SaveChangesAsync();
        }

        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 0, portalAt));
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 1, Start.AddMinutes(-5)));

        await NewArchive().ArchiveAsync(Snapshot(Service("orders-api")), CancellationToken.None);

        var rows = await RowsAsync();
        Assert.Equal(ledger.Id, rows.Single(r => r.ServiceDeploymentArn == ScriptedServiceDeployments.Arn("orders-api", 0)).LedgerDeploymentId);
        Assert.Null(rows.Single(r => r.ServiceDeploymentArn == ScriptedServiceDeployments.Arn("orders-api", 1)).LedgerDeploymentId);
    }

    [Fact]
    public async Task A_status_change_rewrites_the_row_and_adds_none()
    {
        var arn = ScriptedServiceDeployments.Arn("orders-api", 1);
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 0, Start.AddDays(-3)));
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 1, Start.AddMinutes(-1), "IN_PROGRESS"));
        var archive = NewArchive();
        var rollout = Rollout("ecs-svc/1", Start.AddMinutes(-1), RolloutState.InProgress);
        await archive.ArchiveAsync(Snapshot(Service("orders-api", rollout)), CancellationToken.None);
        Assert.Equal("IN_PROGRESS", (await RowsAsync()).Single(r => r.ServiceDeploymentArn == arn).Status);

        // The circuit breaker rolls it back; the snapshot has not changed yet, but the row is unfinished.
        var rolledBackAt = Start.AddMinutes(3);
        _ecs.Change("orders-api", arn, d => d with
        {
            Status = "ROLLBACK_SUCCESSFUL",
            StatusReason = "ECS deployment circuit breaker: tasks failed to start.",
            FinishedAt = rolledBackAt.AddMinutes(1),
            Rollback = new EcsServiceDeploymentRollback("Circuit breaker tripped: tasks failed to start.", rolledBackAt, ScriptedServiceDeployments.RevisionArn("orders-api", 0)),
        });
        Clock.Advance(TimeSpan.FromMinutes(5));
        var round = await archive.ArchiveAsync(Snapshot(Service("orders-api", rollout)), CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(1, 0, 1, 0, 0), round);
        var rows = await RowsAsync();
        Assert.Equal(2, rows.Count);
        var row = rows.Single(r => r.ServiceDeploymentArn == arn);
        Assert.Equal("ROLLBACK_SUCCESSFUL", row.Status);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", row.StatusReason);
        Assert.Equal(rolledBackAt.AddMinutes(1), row.FinishedAt);
        Assert.Equal(rolledBackAt, row.RollbackStartedAt);
        Assert.Equal("Circuit breaker tripped: tasks failed to start.", row.RollbackReason);
        Assert.Equal(ScriptedServiceDeployments.RevisionArn("orders-api", 0), row.RollbackServiceRevisionArn);
        Assert.Equal(Start.AddMinutes(5), row.LastCheckedAt);

        // Finished, with the snapshot unchanged: ECS is not asked again.
        var calls = _ecs.Calls.Count;
        await archive.ArchiveAsync(Snapshot(Service("orders-api", rollout)), CancellationToken.None);
        Assert.Equal(calls, _ecs.Calls.Count);
    }

    [Fact]
    public async Task Only_services_whose_deployments_changed_are_asked_again()
    {
        foreach (var service in new[] { "orders-api", "billing-api", "search-api" })
        {
            _ecs.Add(service, ScriptedServiceDeployments.Deployment(service, 0, Start.AddDays(-2)));
        }

        var archive = NewArchive();
        var before = Snapshot(
            Service("billing-api", Rollout("ecs-svc/b0", Start.AddDays(-2), RolloutState.Completed)),
            Service("orders-api", Rollout("ecs-svc/o0", Start.AddDays(-2), RolloutState.Completed)),
            Service("search-api", Rollout("ecs-svc/s0", Start.AddDays(-2), RolloutState.Completed)));
        await archive.ArchiveAsync(before, CancellationToken.None);
        await archive.ArchiveAsync(before, CancellationToken.None);
        await archive.ArchiveAsync(before, CancellationToken.None);
        Assert.All(new[] { "orders-api", "billing-api", "search-api" }, s => Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", s)));

        // Someone deploys billing-api from the console: a new deployment id in the snapshot.
        _ecs.Add("billing-api", ScriptedServiceDeployments.Deployment("billing-api", 1, Start, "IN_PROGRESS"));
        var after = Snapshot(
            Service("billing-api", Rollout("ecs-svc/b1", Start, RolloutState.InProgress), Rollout("ecs-svc/b0", Start.AddDays(-2), RolloutState.Completed) with { Status = "ACTIVE" }),
            Service("orders-api", Rollout("ecs-svc/o0", Start.AddDays(-2), RolloutState.Completed)),
            Service("search-api", Rollout("ecs-svc/s0", Start.AddDays(-2), RolloutState.Completed)));
        var round = await archive.ArchiveAsync(after, CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(1, 1, 0, 0, 0), round);
        Assert.Equal(2, _ecs.CallsFor("ListServiceDeployments", "billing-api"));
        Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", "orders-api"));
        Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", "search-api"));

        // Only the new one is described: the finished one ECS reports unchanged is not.
        Assert.Equal(2, _ecs.CallsFor("DescribeServiceDeployments", "billing-api"));
        Assert.Equal(1, _ecs.DescribeSizes[^1]);

        // The new rollout is related to the snapshot's deployment that began with it.
        var row = (await RowsAsync()).Single(r => r.ServiceDeploymentArn == ScriptedServiceDeployments.Arn("billing-api", 1));
        Assert.Equal("ecs-svc/b1", row.EcsDeploymentId);
        Assert.Equal(TaskDefinition("ecs-svc/b1"), row.TargetTaskDefinition);

        // Still in progress: billing-api alone is asked after every refresh until it finishes.
        await archive.ArchiveAsync(after, CancellationToken.None);
        Assert.Equal(3, _ecs.CallsFor("ListServiceDeployments", "billing-api"));
        Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", "orders-api"));
    }

    [Fact]
    public async Task Times_the_database_stores_less_finely_are_not_taken_for_changes()
    {
        // 100 ns more than PostgreSQL's microseconds keep.
        var at = Start.AddDays(-1).AddTicks(7);
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 0, at));
        var archive = NewArchive();
        await archive.ArchiveAsync(Snapshot(Service("orders-api", Rollout("ecs-svc/o0", at, RolloutState.Completed))), CancellationToken.None);

        // Scaled, say: the snapshot changed, ECS's service deployment did not.
        var round = await archive.ArchiveAsync(Snapshot(Service("orders-api", Rollout("ecs-svc/o0", at, RolloutState.Completed) with { DesiredCount = 3, RolloutState = RolloutState.Unknown })), CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(1, 0, 0, 0, 0), round);
        Assert.Equal(2, _ecs.CallsFor("ListServiceDeployments", "orders-api"));
        Assert.Equal(1, _ecs.CallsFor("DescribeServiceDeployments", "orders-api"));
    }

    [Fact]
    public async Task A_first_start_spreads_its_reads_over_refreshes()
    {
        var services = Enumerable.Range(0, 25).Select(i => $"svc-{i:00}").ToList();
        foreach (var service in services)
        {
            _ecs.Add(service, ScriptedServiceDeployments.Deployment(service, 0, Start.AddDays(-1)));
        }

        var archive = NewArchive(readsPerRefresh: 10);
        var snapshot = Snapshot([.. services.Select(s => Service(s))]);

        var rounds = new List<ServiceDeploymentRound>();
        for (var i = 0; i < 4; i++)
        {
            rounds.Add(await archive.ArchiveAsync(snapshot, CancellationToken.None));
        }

        Assert.Equal([10, 10, 5, 0], rounds.Select(r => r.Asked));
        Assert.Equal([15, 5, 0, 0], rounds.Select(r => r.Deferred));
        Assert.All(services, s => Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", s)));
        Assert.Equal(25, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task A_throttled_call_is_logged_holds_back_the_rest_and_is_retried_next_refresh()
    {
        _ecs.Add("billing-api", ScriptedServiceDeployments.Deployment("billing-api", 0, Start.AddDays(-1)));
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 0, Start.AddDays(-1)));
        _ecs.Failure = (operation, service) => service == "billing-api" ? new CloudThrottledException("ecs", operation, "Rate exceeded") : null;
        var archive = NewArchive();
        var snapshot = Snapshot(Service("billing-api"), Service("orders-api"));

        var throttled = await archive.ArchiveAsync(snapshot, CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(1, 0, 0, 1, 1), throttled);
        Assert.Equal(0, _ecs.CallsFor("ListServiceDeployments", "orders-api"));
        Assert.Empty(await RowsAsync());
        Assert.Single(_logs.Warnings("ECS throttled ListServiceDeployments for prod/prod-api/billing-api: Rate exceeded"));

        _ecs.Failure = null;
        var retried = await archive.ArchiveAsync(snapshot, CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(2, 2, 0, 0, 0), retried);
        Assert.Equal(2, (await RowsAsync()).Count);
    }

    [Fact]
    public async Task A_failing_service_does_not_keep_the_others_from_being_archived()
    {
        _ecs.Add("billing-api", ScriptedServiceDeployments.Deployment("billing-api", 0, Start.AddDays(-1)));
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 0, Start.AddDays(-1)));
        _ecs.Failure = (operation, service) =>
            service == "billing-api" && operation == "DescribeServiceDeployments" ? new CloudUnavailableException("ecs", operation, "Service Unavailable") : null;
        var archive = NewArchive();
        var snapshot = Snapshot(Service("billing-api"), Service("orders-api"));

        var round = await archive.ArchiveAsync(snapshot, CancellationToken.None);

        Assert.Equal(new ServiceDeploymentRound(2, 1, 0, 1, 0), round);
        Assert.Equal(["orders-api"], (await RowsAsync()).Select(r => r.Service));
        Assert.Single(_logs.Warnings("prod/prod-api/billing-api failed at DescribeServiceDeployments"));

        _ecs.Failure = null;
        await archive.ArchiveAsync(snapshot, CancellationToken.None);
        Assert.Equal(["billing-api", "orders-api"], (await RowsAsync()).Select(r => r.Service).Order(StringComparer.Ordinal));
        Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", "orders-api"));
    }

    [Fact]
    public async Task The_recorder_outlives_failing_calls_and_archives_after_a_later_refresh()
    {
        _ecs.Add("orders-api", ScriptedServiceDeployments.Deployment("orders-api", 0, Start.AddDays(-1)));
        _ecs.Failure = (operation, _) => new CloudUnavailableException("ecs", operation, "Service Unavailable");
        var store = new FleetStore();
        using var recorder = new HistoryRecorder(store, [NewArchive()], SoleInstanceLeases.Instance, Clock, NullLogger<HistoryRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        try
        {
            store.Publish("prod", Snapshot(Service("orders-api")), Start);
            await WaitForAsync(() => Task.FromResult(_logs.Warnings("failed at ListServiceDeployments").Count == 1));
            Assert.Equal(1, _ecs.CallsFor("ListServiceDeployments", "orders-api"));

            _ecs.Failure = null;
            store.Publish("prod", Snapshot(Service("orders-api")), Start);
            await WaitForAsync(async () => (await RowsAsync()).Count == 1);

            Assert.False(recorder.ExecuteTask!.IsCompleted);
        }
        finally
        {
            await recorder.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_simulated_organization_backfills_then_follows_a_rollout_to_its_end()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(3));
        var archive = new ServiceDeploymentArchive(
            organization.Catalog, organization.Ecs, Contexts,
            Options.Create(new HistoryOptions()), organization.Time, Logger());
        await organization.RefreshAllAsync();

        var first = await archive.ArchiveAsync(organization.Store.Get("dev").Snapshot!, CancellationToken.None);

        // Each synthetic service runs its second revision: the first one's deploy and the running one's.
        Assert.Equal(new ServiceDeploymentRound(3, 6, 0, 0, 0), first);
        var calls = organization.CallsByOperation();
        Assert.Equal(3, calls["ecs:ListServiceDeployments"]);
        Assert.Equal(3, calls["ecs:DescribeServiceDeployments"]);
        var primary = organization.Store.Get("dev").Snapshot!.Services.Single(s => s.Name == "svc-0-000").Primary!;
        var running = (await RowsAsync()).Where(r => r.Service == "svc-0-000").MaxBy(r => r.CreatedAt)!;
        Assert.Equal(primary.Id, running.EcsDeploymentId);
        Assert.Equal(primary.TaskDefinitionArn, running.TargetTaskDefinition);

        // A deploy made outside the portal, followed until ECS calls it successful.
        var service = organization.World.Services.Single(s => s.Name == "svc-0-001");
        lock (organization.World.Gate)
        {
            organization.World.StartDeployment(service, service.Primary.TaskDefinition, organization.World.Now);
        }

        ArchivedServiceDeployment? outside = null;
        for (var step = 0; step < 30 && outside?.Status != "SUCCESSFUL"; step++)
        {
            organization.Advance(TimeSpan.FromSeconds(10));
            await organization.RefreshAllAsync();
            await archive.ArchiveAsync(organization.Store.Get("dev").Snapshot!, CancellationToken.None);
            outside = (await RowsAsync()).Where(r => r.Service == "svc-0-001").MaxBy(r => r.CreatedAt);
        }

        Assert.NotNull(outside);
        Assert.Equal("SUCCESSFUL", outside.Status);
        Assert.NotNull(outside.FinishedAt);
        Assert.Equal(7, (await RowsAsync()).Count);
        var followed = organization.Store.Get("dev").Snapshot!.Services.Single(s => s.Name == "svc-0-001").Primary!;
        Assert.Equal(followed.Id, outside.EcsDeploymentId);
        Assert.Equal(followed.TaskDefinitionArn, outside.TargetTaskDefinition);

        // Everything finished and nothing changes: ECS is not asked any more.
        var settled = organization.CallsByOperation()["ecs:ListServiceDeployments"];
        organization.Advance(TimeSpan.FromMinutes(1));
        await organization.RefreshAllAsync();
        var quiet = await archive.ArchiveAsync(organization.Store.Get("dev").Snapshot!, CancellationToken.None);
        Assert.Equal(0, quiet.Asked);
        Assert.Equal(settled, organization.CallsByOperation()["ecs:ListServiceDeployments"]);
    }

    private ServiceDeploymentArchive NewArchive(int readsPerRefresh = 10) =>
        new(new OneEnvironment(), _ecs, Contexts,
            Options.Create(new HistoryOptions { ServiceDeploymentReadsPerRefresh = readsPerRefresh }), Clock, Logger());

    private Logger<ServiceDeploymentArchive> Logger() => new(new LoggerFactory([_logs]));

    private async Task<List<ArchivedServiceDeployment>> RowsAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return await context.ArchivedServiceDeployments.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The condition did not come true within 10 s.");
            await Task.Delay(20);
        }
    }

    private static string TaskDefinition(string deploymentId) =>
        $"arn:aws:ecs:eu-west-1:{ScriptedServiceDeployments.Account}:task-definition/{deploymentId[(deploymentId.LastIndexOf('/') + 1)..]}:7";

    private static DeploymentSnapshot Rollout(string id, DateTimeOffset createdAt, RolloutState state) =>
        new(id, "PRIMARY", TaskDefinition(id), 2, 2, 0, 0, state, null, createdAt, createdAt);

    private static EnvironmentSnapshot Snapshot(params ServiceSnapshot[] services) =>
        new("prod", Start, [new ClusterSnapshot(ScriptedServiceDeployments.Cluster, "arn:cluster", "ACTIVE", 1, 0, services)]);

    private static ServiceSnapshot Service(string name, params DeploymentSnapshot[] deployments) => new(
        name, ScriptedServiceDeployments.Cluster, $"arn:service/{name}", "ACTIVE", 2, 2, 0,
        TaskDefinitionSummary.Unknown($"arn:aws:ecs:eu-west-1:1:task-definition/{name}:1"),
        deployments, [], MetricSeries.Empty, MetricSeries.Empty, [], new Dictionary<string, string>(), null, null);

    private sealed class OneEnvironment : IEnvironmentCatalog
    {
        public IReadOnlyList<FleetEnvironment> Environments { get; } =
        [
            new FleetEnvironment(
                new EnvironmentInfo("prod", ScriptedServiceDeployments.Account, "eu-west-1", EnvironmentColour.Red, true),
                new CloudCaller(ScriptedServiceDeployments.Account, "eu-west-1", "PortalReadOnly", "portal-poller")),
        ];
    }
}

public sealed class SqliteServiceDeploymentArchiveTests(SqliteTestDatabase database) : ServiceDeploymentArchiveTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceDeploymentArchiveTests(PostgresServer server) : ServiceDeploymentArchiveTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
