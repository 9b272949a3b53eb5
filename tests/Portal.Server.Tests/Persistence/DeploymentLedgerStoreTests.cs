using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Persistence;

/// <summary>The deploy engine's tables on each provider: ledger idempotency and concurrency, service locks, announced builds.</summary>
public abstract class DeploymentLedgerStoreTests : StoreTests
{
    private DeploymentLedger Ledger => new(Contexts);

    private ServiceLocks Locks => new(Contexts, Clock);

    [Fact]
    public async Task Racing_records_with_one_idempotency_key_leave_one_deployment()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Ledger.RecordAsync(NewDeployment("key-1"), Clock.GetUtcNow(), CancellationToken.None)));

        Assert.Single(results, r => r.Decision == IdempotencyDecision.New);
        Assert.Single(results.Select(r => r.Deployment.Id).Distinct());
        Assert.Single(await Ledger.OfServiceAsync("prod", "prod-api", "orders-api", 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_key_is_its_callers_conflicts_with_another_request_and_is_free_again_after_its_lifetime()
    {
        var now = Clock.GetUtcNow();
        var orders = new ServiceKey("prod", "prod-api", "orders-api");
        var first = NewDeployment("shared-key", orders, now - DeployGuards.IdempotencyKeyLifetime - TimeSpan.FromMinutes(1));
        first.RequestFingerprint = "deploy|prod|prod-api|orders-api|build:1|-";
        await Ledger.RecordAsync(first, first.RequestedAt, CancellationToken.None);

        var otherCaller = NewDeployment("shared-key", orders, now);
        otherCaller.Actor = "token:ci";
        otherCaller.RequestFingerprint = "deploy|prod|prod-api|orders-api|build:2|-";
        var fresh = NewDeployment("shared-key", orders, now);
        fresh.RequestFingerprint = "deploy|prod|prod-api|orders-api|build:3|-";
        var conflicting = NewDeployment("shared-key", orders, now);
        conflicting.RequestFingerprint = "deploy|prod|prod-api|orders-api|build:4|-";

        Assert.Equal(IdempotencyDecision.New, (await Ledger.RecordAsync(otherCaller, now, CancellationToken.None)).Decision);
        Assert.Equal(IdempotencyDecision.New, (await Ledger.RecordAsync(fresh, now, CancellationToken.None)).Decision);
        var (earlier, decision) = await Ledger.RecordAsync(conflicting, now, CancellationToken.None);

        Assert.Equal((IdempotencyDecision.Conflict, fresh.Id), (decision, earlier.Id));
        Assert.Null((await Ledger.FindAsync(first.Id, CancellationToken.None))!.IdempotencyKey);
        Assert.Equal(3, (await Ledger.OfServiceAsync("prod", "prod-api", "orders-api", 10, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Recent_deployments_of_many_services_come_back_per_service_with_each_ones_newest()
    {
        var now = Clock.GetUtcNow();
        var orders = new ServiceKey("prod", "prod-api", "orders-api");
        var billing = new ServiceKey("prod", "prod-api", "billing-api");
        var devBilling = new ServiceKey("dev", "dev-api", "billing-api");
        var quiet = new ServiceKey("prod", "prod-api", "quiet-api");
        for (var i = 0; i < 30; i++)
        {
            await Ledger.RecordAsync(NewDeployment($"orders-{i}", orders, now.AddHours(-i)), Clock.GetUtcNow(), CancellationToken.None);
        }

        await Ledger.RecordAsync(NewDeployment("billing-old", billing, now.AddDays(-40)), Clock.GetUtcNow(), CancellationToken.None);
        await Ledger.RecordAsync(NewDeployment("billing-older", billing, now.AddDays(-50)), Clock.GetUtcNow(), CancellationToken.None);
        await Ledger.RecordAsync(NewDeployment("dev-billing", devBilling, now), Clock.GetUtcNow(), CancellationToken.None);

        // Asked for prod's orders-api and billing-api, and one never deployed; dev's billing-api shares a name with one asked for.
        var recent = await Ledger.RecentOfServicesAsync([orders, billing, quiet], now.AddHours(-5), CancellationToken.None);

        Assert.Equal([billing, orders], recent.Keys.OrderBy(k => k.Service));
        Assert.Equal([0, -1, -2, -3, -4, -5], recent[orders].Select(d => (int)Math.Round((d.RequestedAt - now).TotalHours)));
        Assert.Equal("billing-old", Assert.Single(recent[billing]).IdempotencyKey);
    }

    [Fact]
    public async Task A_stale_copy_cannot_overwrite_a_newer_end()
    {
        var (deployment, _) = await Ledger.RecordAsync(NewDeployment("key-2"), Clock.GetUtcNow(), CancellationToken.None);
        var stale = (await Ledger.FindAsync(deployment.Id, CancellationToken.None))!;

        Assert.True(await Ledger.UpdateAsync(deployment, d => d.Status = DeploymentStatus.Completed, CancellationToken.None));
        Assert.False(await Ledger.UpdateAsync(stale, d => d.Status = DeploymentStatus.Failed, CancellationToken.None));
        Assert.Equal(DeploymentStatus.Completed, (await Ledger.FindAsync(deployment.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_service_lock_has_one_holder_until_released_or_expired()
    {
        var key = ServiceLocks.KeyOf("prod", "prod-api", "orders-api");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        Assert.Null(await Locks.TryAcquireAsync(key, first, "alice", TimeSpan.FromMinutes(10), CancellationToken.None));
        Assert.Equal("alice", (await Locks.TryAcquireAsync(key, second, "sam", TimeSpan.FromMinutes(10), CancellationToken.None))!.Holder);

        Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(await Locks.TryAcquireAsync(key, second, "sam", TimeSpan.FromMinutes(10), CancellationToken.None));

        await Locks.ReleaseAsync(key, first, CancellationToken.None);
        Assert.Equal("sam", (await Locks.TryAcquireAsync(key, first, "alice", TimeSpan.FromMinutes(10), CancellationToken.None))!.Holder);
        await Locks.ReleaseAsync(key, second, CancellationToken.None);
        Assert.Null(await Locks.TryAcquireAsync(key, first, "alice", TimeSpan.FromMinutes(10), CancellationToken.None));
    }

    [Fact]
    public async Task Racing_lock_requests_have_one_winner()
    {
        var key = ServiceLocks.KeyOf("dev", "dev-api", "orders-api");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Locks.TryAcquireAsync(key, Guid.NewGuid(), $"p{i}", TimeSpan.FromMinutes(5), CancellationToken.None)));

        Assert.Single(results, r => r is null);
    }

    [Fact]
    public async Task Announcing_an_image_again_returns_the_first_announcement()
    {
        var builds = new BuildCatalog(Contexts, Clock);
        var (first, created) = await builds.AnnounceAsync("www", "repo/www:abc1234", "abc1234", "Winter sale", "maria", null, "token:ci", CancellationToken.None);
        var (again, createdAgain) = await builds.AnnounceAsync("www", "repo/www:abc1234", "abc1234", "Winter sale", "maria", null, "token:ci", CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.Single(await builds.OfServiceAsync("www", 10, CancellationToken.None));
    }

    private Deployment NewDeployment(string key) =>
        NewDeployment(key, new ServiceKey("prod", "prod-api", "orders-api"), Clock.GetUtcNow());

    private static Deployment NewDeployment(string key, ServiceKey service, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = DeploymentKinds.Deploy,
        Source = DeploymentSources.Ui,
        Actor = "alice",
        Environment = service.Environment,
        Cluster = service.Cluster,
        Service = service.Service,
        IdempotencyKey = key,
        FromTaskDefinition = $"arn:aws:ecs:eu-west-1:1:task-definition/{service.Service}:10",
        Image = $"repo/{service.Service}:e8d2c91",
        Status = DeploymentStatus.Requested,
        RequestedAt = at,
    };
}

public sealed class SqliteDeploymentLedgerStoreTests(SqliteTestDatabase database) : DeploymentLedgerStoreTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeploymentLedgerStoreTests(PostgresServer server) : DeploymentLedgerStoreTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
