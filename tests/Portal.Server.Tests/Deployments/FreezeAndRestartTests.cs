using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Deployments;

public sealed class FreezeAndRestartTests
{
    [Fact]
    public async Task A_deploy_inside_a_freeze_window_is_refused_with_its_end_and_an_administrator_may_override_with_a_reason()
    {
        await using var portal = new PortalApplication(host =>
        {
            host.UseSetting("Deployments:FreezeWindows:0:Environment", "dev");
            host.UseSetting("Deployments:FreezeWindows:0:Start", "2020-01-01T00:00:00Z");
            host.UseSetting("Deployments:FreezeWindows:0:End", "2099-01-04T08:00:00Z");
            host.UseSetting("Deployments:FreezeWindows:0:Reason", "Holiday freeze");
        });
        using var client = await portal.SignedInClientAsync("dmitri");
        var build = (await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            "identity-api", "repo/identity-api:abc1234", "abc1234", "m", "a", null, "test", CancellationToken.None)).Build;

        using var frozen = await client.PostAsJsonAsync("/api/deployments", new { environment = "dev", service = "identity-api", buildId = build.Id, idempotencyKey = "f1" });

        Assert.Equal(HttpStatusCode.Locked, frozen.StatusCode);
        Assert.Contains("frozen until 2099-01-04 08:00 UTC: Holiday freeze", await frozen.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var alice = PersonScopes.Alice(portal.Services);
        var deployments = alice.ServiceProvider.GetRequiredService<IDeployments>();
        var withoutReason = await deployments.DeployAsync(new DeployCommand("dev", "dev-api", "identity-api", DeployTarget.Build(build.Id), "f2"));
        var overridden = await deployments.DeployAsync(new DeployCommand("dev", "dev-api", "identity-api", DeployTarget.Build(build.Id), "f3", FreezeOverrideReason: "Security fix"));

        Assert.Equal(DeployProblemKind.Frozen, withoutReason.Problem!.Kind);
        Assert.Contains("override", withoutReason.Problem.Message, StringComparison.Ordinal);
        Assert.True(overridden.Accepted, overridden.Problem?.Message);
        Assert.Contains("freeze overridden: Security fix", overridden.Deployment!.Reason, StringComparison.Ordinal);
        var audit = await portal.Services.GetRequiredService<Portal.Server.Persistence.AuditLog>().RecentAsync(new() { Actor = "alice", Action = "freeze-overridden" });
        Assert.Single(audit.Entries);
    }

    [Fact]
    public async Task A_deployment_in_flight_when_the_host_stops_is_picked_up_again_on_the_same_database_and_followed_to_its_end()
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-restart-" + Guid.NewGuid().ToString("N"));
        var connection = $"Data Source={Path.Combine(directory, "portal.db")}";
        Guid id;
        await using (var first = new PortalApplication(host =>
        {
            host.UseSetting("Database:ConnectionString", connection);
            host.UseSetting("Simulation:Speed", "1");
            host.UseSetting("Deployments:AnswerWithin", "00:00:30");
        }))
        {
            using var alice = PersonScopes.Alice(first.Services);
            await DeployPortal.EventuallyAsync(() => Task.FromResult(first.Services.GetRequiredService<Portal.Server.Fleet.FleetView>().Find("dev")?.Freshness.HasSnapshot == true), ready => ready, TimeSpan.FromSeconds(20));
            var build = (await first.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
                "identity-api", "repo/identity-api:def5678", "def5678", "m", "a", null, "test", CancellationToken.None)).Build;
            var started = await alice.ServiceProvider.GetRequiredService<IDeployments>().DeployAsync(
                new DeployCommand("dev", "dev-api", "identity-api", DeployTarget.Build(build.Id), "restart-1"));
            Assert.Equal(DeploymentStatus.InProgress, started.Deployment!.Status);
            id = started.Deployment.Id;
        }

        try
        {
            await using var second = new PortalApplication(host => host.UseSetting("Database:ConnectionString", connection));
            _ = second.Services;
            var ledger = second.Services.GetRequiredService<DeploymentLedger>();

            // The follower gives ECS DeploymentFollower.ListedWithin to list the deployment before it takes its absence as an answer.
            var followed = await DeployPortal.EventuallyAsync(() => ledger.FindAsync(id, CancellationToken.None), d => d!.IsFinished, DeploymentFollower.ListedWithin + TimeSpan.FromSeconds(30));

            // The simulated organization starts afresh with the host, so ECS no longer runs the new
            // revision: the ledger says so rather than leaving the deployment in progress for ever.
            Assert.True(followed!.IsFinished);
            Assert.NotNull(followed.FinishedAt);
            using var sam = PersonScopes.For(second.Services, "sam", ("dev", "Deployer"));
            var choices = await sam.ServiceProvider.GetRequiredService<IDeployments>().ChoicesAsync("dev", "dev-api", "identity-api");
            Assert.Null(choices!.InFlight);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
