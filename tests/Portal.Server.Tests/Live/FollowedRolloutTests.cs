using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Tests.Deployments;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Live;

/// <summary>
/// The portal with a poll far apart and the follower every 200 ms: whatever moves on a page of a
/// service mid-rollout between two polls came from the follower's reads.
/// </summary>
public sealed class SlowPollPortal() : PortalApplication(host =>
{
    host.UseSetting("Simulation:Speed", "60");
    host.UseSetting("Polling:Interval", "00:10:00");
    host.UseSetting("Polling:StaleAfter", "00:20:00");
    host.UseSetting("Deployments:FollowInterval", "00:00:00.200");
    host.UseSetting("Deployments:AnswerWithin", "00:00:30");
}), IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var fleet = Services.GetRequiredService<FleetView>();
        await DeployPortal.EventuallyAsync(
            () => Task.FromResult(fleet.Environments.All(e => fleet.Find(e.Name)?.Freshness.HasSnapshot == true)), ready => ready, TimeSpan.FromSeconds(20));
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}

public sealed class FollowedRolloutTests(SlowPollPortal portal) : IClassFixture<SlowPollPortal>
{
    [Fact]
    public async Task Every_page_of_the_service_sees_the_rollout_move_between_polls_and_other_tabs_learn_of_the_deploy()
    {
        var store = portal.Services.GetRequiredService<FleetStore>();
        var takenAt = store.Get("dev").Snapshot!.TakenAt;
        var (build, _) = await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            "catalog-api", $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/catalog-api:{Guid.NewGuid().ToString("N")[..7]}", "abc1234", "Test build", "tester", null, "test", CancellationToken.None);

        // Another tab of the same service, open before the deploy: it hears of it from the deployments it is told about.
        using var otherTab = PersonScopes.Alice(portal.Services);
        var otherDeployments = otherTab.ServiceProvider.GetRequiredService<IDeployments>();
        var heard = new List<DeploymentRecord>();
        otherDeployments.Changed += id => heard.Add(otherDeployments.FindAsync(id).GetAwaiter().GetResult()!);

        using var scope = PersonScopes.Alice(portal.Services);
        var started = await scope.ServiceProvider.GetRequiredService<IDeployments>()
            .DeployAsync(new DeployCommand("dev", "dev-api", "catalog-api", DeployTarget.Build(build.Id), Guid.NewGuid().ToString("N")));
        Assert.True(started.Accepted, started.Problem?.Message);
        var target = started.Deployment!.ToTaskDefinition;

        // Rollout states read by the follower, in the order the store carried them.
        var seen = new List<(int Running, RolloutState State, DateTimeOffset? ReadAt)>();
        var finished = await DeployPortal.EventuallyAsync(
            async () =>
            {
                var service = store.Get("dev").Snapshot!.Services.Single(s => s.Name == "catalog-api");
                if (service.Deployments.FirstOrDefault(d => d.TaskDefinitionArn == target) is { } rollout)
                {
                    seen.Add((rollout.RunningCount, rollout.RolloutState, service.ReadAt));
                }

                return await portal.Services.GetRequiredService<RecentDeployments>().FindAsync(started.Deployment.Id, CancellationToken.None);
            },
            d => d?.Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack,
            TimeSpan.FromSeconds(60));

        Assert.Equal(DeploymentStatus.Completed, finished!.Status);
        Assert.Equal(takenAt, store.Get("dev").Snapshot!.TakenAt);
        Assert.All(seen, s => Assert.NotNull(s.ReadAt));
        Assert.True(seen.Select(s => s.Running).Distinct().Count() > 1, $"the new tasks' count moved: {string.Join(", ", seen.Select(s => s.Running).Distinct())}");
        Assert.Contains(seen, s => s.State == RolloutState.Completed);
        Assert.Contains(heard, d => d.Id == started.Deployment.Id && !d.IsFinished);
        Assert.Contains(heard, d => d.Id == started.Deployment.Id && d.Status == DeploymentStatus.Completed);
    }
}
