using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Deployments;
using Portal.Server.Tests.Support;
using Portal.Server.Triage;

namespace Portal.Server.Tests.Triage;

/// <summary>The acknowledgements in memory: written to the database first, read without it, reloaded when another instance says so.</summary>
public sealed class AcknowledgementStoreTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    [Fact]
    public async Task Another_instances_acknowledgement_shows_once_the_store_reloads()
    {
        var acknowledgements = portal.Services.GetRequiredService<TriageAcknowledgements>();
        Assert.DoesNotContain(await acknowledgements.InAsync(["stage"], default), a => a.Service == "elsewhere-api");
        var changed = 0;
        acknowledgements.Changed += () => changed++;

        // What another instance wrote: this one's memory does not know it yet.
        await using (var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            context.TriageAcknowledgements.Add(new TriageAcknowledgement
            {
                Environment = "stage", Cluster = "stage-api", Service = "elsewhere-api", By = "bob", At = DateTimeOffset.UtcNow, Note = "on it from the other instance",
            });
            await context.SaveChangesAsync();
        }

        Assert.DoesNotContain(await acknowledgements.InAsync(["stage"], default), a => a.Service == "elsewhere-api");

        await acknowledgements.ReloadAsync(default);

        var reloaded = Assert.Single(await acknowledgements.InAsync(["stage"], default), a => a.Service == "elsewhere-api");
        Assert.Equal("on it from the other instance", reloaded.Note);
        Assert.Equal(1, changed);
    }

    [Fact]
    public async Task Acknowledging_writes_the_database_and_the_memory_and_clearing_takes_it_from_both()
    {
        var view = portal.Service("dev", portal.Services.GetRequiredService<Portal.Server.Fleet.FleetView>().Find("dev")!.Services.First().Service.Name);
        using var scope = PersonScopes.For(portal.Services, "dmitri", ("dev", "Deployer"));
        var acknowledgements = portal.Services.GetRequiredService<TriageAcknowledgements>();

        Assert.Null(await scope.ServiceProvider.GetRequiredService<Portal.Shared.Triage.ITriage>()
            .AcknowledgeAsync("dev", view.Service.Cluster, view.Service.Name, "watching it"));

        Assert.Contains(await acknowledgements.InAsync(["dev"], default), a => a.Service == view.Service.Name && a.Note == "watching it");
        Assert.Equal(1, await CountAsync(view.Service.Name));

        await acknowledgements.ClearAsync("dev", view.Service.Cluster, view.Service.Name, default);

        Assert.DoesNotContain(await acknowledgements.InAsync(["dev"], default), a => a.Service == view.Service.Name);
        Assert.Equal(0, await CountAsync(view.Service.Name));
    }

    private async Task<int> CountAsync(string service)
    {
        await using var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await context.TriageAcknowledgements.CountAsync(a => a.Environment == "dev" && a.Service == service);
    }
}
