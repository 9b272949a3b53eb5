using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Deployments;
using Portal.Server.Tests.Support;
using Portal.Server.Triage;
using Portal.Shared.Health;
using Portal.Shared.Triage;

namespace Portal.Server.Tests.Triage;

public sealed class TriageServiceTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    [Fact]
    public async Task Dmitri_sees_only_dev_items()
    {
        using var scope = PersonScopes.For(portal.Services, "dmitri", ("dev", "Deployer"));
        var items = await scope.ServiceProvider.GetRequiredService<ITriage>().ItemsAsync();

        Assert.All(items, i => Assert.Equal("dev", i.Environment));
        Assert.All(items, i => Assert.True(i.Level is HealthLevel.Critical or HealthLevel.Warning));
    }

    [Fact]
    public async Task Items_come_critical_first_then_protected_first()
    {
        using var scope = PersonScopes.Alice(portal.Services);
        var items = await scope.ServiceProvider.GetRequiredService<ITriage>().ItemsAsync();

        Assert.Equal(items.OrderByDescending(i => i.Level).ThenByDescending(i => i.IsProtected).Select(i => i.View), items.Select(i => i.View));
    }

    [Fact]
    public async Task Acknowledging_where_the_caller_holds_no_role_is_refused_and_changes_nothing()
    {
        var prod = portal.Service("prod", "pricing-api");
        using var scope = PersonScopes.For(portal.Services, "dmitri", ("dev", "Deployer"));

        var problem = await scope.ServiceProvider.GetRequiredService<ITriage>()
            .AcknowledgeAsync("prod", prod.Service.Cluster, "pricing-api", "mine");

        Assert.NotNull(problem);
        var audit = await portal.Services.GetRequiredService<AuditLog>()
            .RecentAsync(new AuditQuery { Action = TriageAuditActions.AlertAcknowledged, Actor = "dmitri" });
        Assert.Equal(0, audit.Total);
    }

    [Fact]
    public async Task Acknowledging_is_audited_and_visible_to_others_and_needs_a_note()
    {
        var view = portal.Service("stage", "orders-api");
        using var sam = PersonScopes.For(portal.Services, "sam", ("dev", "Deployer"), ("stage", "Deployer"), ("prod", "ReadOnly"));
        var triage = sam.ServiceProvider.GetRequiredService<ITriage>();
        var changed = 0;
        triage.Changed += () => changed++;

        Assert.NotNull(await triage.AcknowledgeAsync("stage", view.Service.Cluster, "orders-api", "   "));
        Assert.Null(await triage.AcknowledgeAsync("stage", view.Service.Cluster, "orders-api", "first look"));
        Assert.Null(await triage.AcknowledgeAsync("stage", view.Service.Cluster, "orders-api", "looking into the pool size"));

        var audit = await portal.Services.GetRequiredService<AuditLog>()
            .RecentAsync(new AuditQuery { Action = TriageAuditActions.AlertAcknowledged, Actor = "sam" });
        Assert.Equal(2, audit.Total);
        Assert.Equal("looking into the pool size", audit.Entries[0].Detail);
        Assert.Equal(2, changed);

        // One current acknowledgement per service, shared by everyone: the latest note replaced the first.
        var stored = await portal.Services.GetRequiredService<TriageAcknowledgements>().InAsync(["stage"], default);
        var current = Assert.Single(stored, a => a.Service == "orders-api");
        Assert.Equal("sam", current.By);
        Assert.Equal("looking into the pool size", current.Note);
    }

    [Fact]
    public async Task An_acknowledgement_is_cleared_once_the_service_is_healthy()
    {
        var healthy = portal.Services.GetRequiredService<Portal.Server.Fleet.FleetView>().Find("dev")!.Services
            .First(s => s.Health.Level == HealthLevel.Healthy);
        using var scope = PersonScopes.For(portal.Services, "dmitri", ("dev", "Deployer"));
        var triage = scope.ServiceProvider.GetRequiredService<ITriage>();
        var acknowledgements = portal.Services.GetRequiredService<TriageAcknowledgements>();

        Assert.Null(await triage.AcknowledgeAsync("dev", healthy.Service.Cluster, healthy.Service.Name, "was flapping"));
        Assert.Contains(await acknowledgements.InAsync(["dev"], default), a => a.Service == healthy.Service.Name);

        await triage.ItemsAsync();

        Assert.DoesNotContain(await acknowledgements.InAsync(["dev"], default), a => a.Service == healthy.Service.Name);
    }
}
