using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.History;
using Portal.Server.Persistence;
using Portal.Server.Tests.Deployments;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.Server.Tests.History;

/// <summary>
/// The whole portal on the simulated organization: a deploy through the portal and a deploy from the
/// console of the same service both reach the archive of ECS's service deployments, and the history
/// shows the first once, as the ledger's row, and the second as a deploy outside the portal.
/// </summary>
public sealed class OutsideDeploysTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    private const string Service = "inventory-api";

    [Fact]
    public async Task A_portal_deploy_shows_once_and_a_deploy_from_the_console_shows_as_outside_the_portal()
    {
        var (build, _) = await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            Service, $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/{Service}:{Guid.NewGuid().ToString("N")[..7]}", "abc1234", "Test build", "tester", null, "test", CancellationToken.None);
        using var scope = PersonScopes.Alice(portal.Services);
        var started = await scope.ServiceProvider.GetRequiredService<IDeployments>()
            .DeployAsync(new DeployCommand("dev", "dev-api", Service, DeployTarget.Build(build.Id), Guid.NewGuid().ToString("N")));
        Assert.True(started.Accepted, started.Problem?.Message);
        var ledger = portal.Services.GetRequiredService<DeploymentLedger>();
        var deployed = await DeployPortal.EventuallyAsync(
            async () => (await ledger.FindAsync(started.Deployment!.Id, CancellationToken.None))!, d => d.IsFinished, TimeSpan.FromSeconds(60));
        Assert.Equal(DeploymentStatus.Completed, deployed.Status);

        // Someone forces a new deployment from the console, under their own Deployer role.
        var dev = portal.Services.GetRequiredService<IEnvironmentCatalog>().Environments.Single(e => e.Name == "dev");
        var console = new CloudCaller(dev.Info.AccountId, dev.Info.Region, "Deployer", "someone-in-the-console");
        var updated = await portal.Services.GetRequiredService<IEcs>().UpdateServiceAsync(
            console, new UpdateServiceRequest("dev-api", Service, ForceNewDeployment: true), CancellationToken.None);
        var consoleId = updated.Service.Deployments.Single(d => d.Status == "PRIMARY").Id;

        var since = deployed.RequestedAt.AddSeconds(-5);
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var archived = await DeployPortal.EventuallyAsync(
            async () =>
            {
                await using var context = await contexts.CreateDbContextAsync();
                return await context.ArchivedServiceDeployments.AsNoTracking()
                    .Where(r => r.Environment == "dev" && r.Service == Service && r.CreatedAt >= since)
                    .ToListAsync();
            },
            rows => rows.Count == 2 && rows.All(r => r.Status == "SUCCESSFUL" && r.EcsDeploymentId is not null),
            TimeSpan.FromSeconds(60));

        Assert.Equal([deployed.EcsDeploymentId, consoleId], archived.OrderBy(r => r.CreatedAt).Select(r => r.EcsDeploymentId));
        var timeline = await portal.Services.GetRequiredService<TimelineReader>().ReadAsync(
            new TimelineQuery { Environment = "dev", Service = Service, From = since }, ["dev"], CancellationToken.None);
        var deploys = timeline.Items.Where(i => i.Kind is not (TimelineKind.Event or TimelineKind.Task)).ToList();
        Assert.Equal([TimelineKind.EcsDeployment, TimelineKind.Deploy], deploys.Select(i => i.Kind));
        Assert.Equal(consoleId, deploys[0].EcsDeployment!.EcsDeploymentId);
        Assert.Equal("SUCCESSFUL", deploys[0].EcsDeployment!.Status);
        Assert.Equal(deployed.Id, deploys[1].Deployment!.Id);
    }
}
