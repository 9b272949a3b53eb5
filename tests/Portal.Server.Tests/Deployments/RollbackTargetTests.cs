using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Deployments;

/// <summary>Rollback only ever returns to "the one before the last": never to the build a rollback just left.</summary>
public sealed class RollbackTargetTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    private static readonly TimeSpan RolloutWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_second_rollback_goes_to_the_revision_before_never_back_to_the_bad_build()
    {
        var original = portal.Service("dev", "pricing-api").Service.TaskDefinition.Arn;
        using var scope = PersonScopes.Alice(portal.Services);
        var good = await DeployAsync(scope, "pricing-api");
        var bad = await DeployAsync(scope, "pricing-api");

        var first = await Deployments(scope).RollbackAsync(new RollbackCommand("dev", "dev-api", "pricing-api", Key(), Reason: "CPU regression"));
        Assert.True(first.Accepted, first.Problem?.Message);
        Assert.Equal(good.ToTaskDefinition, first.Deployment!.ToTaskDefinition);
        await FinishedAsync(first.Deployment.Id);

        var choices = await Deployments(scope).ChoicesAsync("dev", "dev-api", "pricing-api");
        Assert.Equal(original, choices!.Rollback!.TaskDefinition);
        var offered = await Deployments(scope).RollbackRevisionsAsync("dev", "dev-api", "pricing-api");
        Assert.DoesNotContain(offered, r => r.TaskDefinition == bad.ToTaskDefinition);
        Assert.Equal(original, offered[0].TaskDefinition);
        Assert.True(offered[0].IsActive);

        var toBad = await Deployments(scope).RollbackAsync(new RollbackCommand("dev", "dev-api", "pricing-api", Key(), TaskDefinition: bad.ToTaskDefinition));
        Assert.Equal(DeployProblemKind.Invalid, toBad.Problem?.Kind);

        var second = await Deployments(scope).RollbackAsync(new RollbackCommand("dev", "dev-api", "pricing-api", Key()));
        Assert.True(second.Accepted, second.Problem?.Message);
        Assert.Equal(original, second.Deployment!.ToTaskDefinition);
        await FinishedAsync(second.Deployment.Id);
    }

    [Fact]
    public async Task A_rollback_to_a_chosen_earlier_revision_goes_there_and_says_who_deployed_each()
    {
        var original = portal.Service("dev", "identity-api").Service.TaskDefinition.Arn;
        using var scope = PersonScopes.Alice(portal.Services);
        var first = await DeployAsync(scope, "identity-api");
        await DeployAsync(scope, "identity-api");

        var offered = await Deployments(scope).RollbackRevisionsAsync("dev", "dev-api", "identity-api");
        Assert.Equal([first.ToTaskDefinition, original], offered.Select(r => r.TaskDefinition));
        Assert.Equal("alice", offered[0].DeployedBy);
        Assert.Equal(first.Image, offered[0].Image);
        Assert.NotEqual("not recorded", offered[1].Image);

        var rollback = await Deployments(scope).RollbackAsync(new RollbackCommand("dev", "dev-api", "identity-api", Key(), TaskDefinition: original));

        Assert.True(rollback.Accepted, rollback.Problem?.Message);
        Assert.Equal(original, rollback.Deployment!.ToTaskDefinition);
        await FinishedAsync(rollback.Deployment.Id);
    }

    private async Task<Deployment> DeployAsync(IServiceScope scope, string service)
    {
        var (build, _) = await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            service, $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/{service}:{Guid.NewGuid().ToString("N")[..7]}", "abc1234", "Test build", "tester", null, "test", CancellationToken.None);
        var started = await Deployments(scope).DeployAsync(new DeployCommand("dev", "dev-api", service, DeployTarget.Build(build.Id), Key()));
        Assert.True(started.Accepted, started.Problem?.Message);
        var finished = await FinishedAsync(started.Deployment!.Id);
        Assert.Equal(DeploymentStatus.Completed, finished.Status);
        return finished;
    }

    private static IDeployments Deployments(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<IDeployments>();

    private static string Key() => Guid.NewGuid().ToString("N");

    private Task<Deployment> FinishedAsync(Guid id) =>
        DeployPortal.EventuallyAsync(
            async () => (await portal.Services.GetRequiredService<DeploymentLedger>().FindAsync(id, CancellationToken.None))!,
            d => d.IsFinished,
            RolloutWithin);
}
