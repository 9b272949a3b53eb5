using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Server.Tests.Api;
using Portal.Server.Tests.Support;
using Portal.Shared.Access;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.SignIn;

/// <summary>The server side of the role switcher and of every check: what a person may see and do, decided and audited on the server.</summary>
public sealed class PortalAccessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_switch_is_remembered_for_the_person_audited_and_changes_what_they_may_do()
    {
        var user = Unique("alice");
        using var scope = ScopeFor(user, ("dev", "Administrator"), ("prod", "Administrator"), ("prod", "ReadOnly"));
        var access = scope.ServiceProvider.GetRequiredService<IPortalAccess>();
        Assert.Equal("Administrator", await access.ActiveRoleAsync("prod"));
        Assert.True((await access.DecideAsync(PortalAction.Deploy, "prod")).Allowed);

        var changed = 0;
        access.Changed += () => changed++;
        Assert.True((await access.SwitchRoleAsync("prod", "readonly")).Switched);

        Assert.Equal(1, changed);
        Assert.Equal("ReadOnly", await access.ActiveRoleAsync("prod"));
        var refused = await access.DecideAsync(PortalAction.Deploy, "prod");
        Assert.False(refused.Allowed);
        Assert.Contains("Switch role to Administrator", refused.Reason, StringComparison.Ordinal);
        Assert.Equal("ReadOnly", await portal.Services.GetRequiredService<RoleChoiceStore>().GetAsync(user, "prod"));

        using var later = ScopeFor(user, ("dev", "Administrator"), ("prod", "Administrator"), ("prod", "ReadOnly"));
        Assert.Equal("ReadOnly", await later.ServiceProvider.GetRequiredService<IPortalAccess>().ActiveRoleAsync("prod"));
        Assert.Contains(await AuditAsync(user), e => e.Action == AuditActions.RoleSwitch && e.Environment == "prod" && e.Target == "ReadOnly");
    }

    [Fact]
    public async Task A_switch_to_a_role_not_held_or_in_an_invisible_environment_is_refused_and_audited()
    {
        var user = Unique("dmitri");
        using var scope = ScopeFor(user, ("dev", "Deployer"));
        var access = scope.ServiceProvider.GetRequiredService<IPortalAccess>();

        var notHeld = await access.SwitchRoleAsync("dev", "Administrator");
        var invisible = await access.SwitchRoleAsync("prod", "Deployer");

        Assert.False(notHeld.Switched);
        Assert.Contains("no Administrator role in dev", notHeld.Message, StringComparison.Ordinal);
        Assert.False(invisible.Switched);
        Assert.Equal("Deployer", await access.ActiveRoleAsync("dev"));
        Assert.Null(await portal.Services.GetRequiredService<RoleChoiceStore>().GetAsync(user, "prod"));
        Assert.Equal(2, (await AuditAsync(user)).Count(e => e.Action == AuditActions.AccessRefused));
    }

    [Fact]
    public async Task The_on_call_engineer_sees_every_environment_and_a_deploy_is_refused_and_audited()
    {
        var user = Unique("oscar");
        using var scope = ScopeFor(user, ("dev", "ReadOnly"), ("stage", "ReadOnly"), ("prod", "ReadOnly"));
        var fleet = scope.ServiceProvider.GetRequiredService<IFleetView>();
        var access = scope.ServiceProvider.GetRequiredService<PortalAccess>();

        Assert.Equal(["dev", "stage", "prod"], fleet.Environments.Select(e => e.Name));
        var decision = await access.AuthorizeAsync(PortalAction.Deploy, "prod", "orders-api", serviceTags: null);

        Assert.False(decision.Allowed);
        Assert.Contains("ask an administrator", decision.Reason, StringComparison.Ordinal);
        var refused = Assert.Single(await AuditAsync(user), e => e.Action == AuditActions.AccessRefused);
        Assert.Equal("orders-api", refused.Target);
        Assert.Equal("203.0.113.7", refused.RemoteAddress);
    }

    [Fact]
    public async Task The_dev_only_developer_has_a_fleet_without_stage_and_prod()
    {
        using var scope = ScopeFor(Unique("dmitri"), ("dev", "Deployer"));
        var fleet = scope.ServiceProvider.GetRequiredService<IFleetView>();
        var access = scope.ServiceProvider.GetRequiredService<IPortalAccess>();

        Assert.Equal(["dev"], fleet.Environments.Select(e => e.Name));
        Assert.Null(fleet.Find("prod"));
        Assert.NotNull(fleet.Find("dev"));
        Assert.True((await access.DecideAsync(PortalAction.Deploy, "prod")).IsInvisible);
        Assert.Equal([new Shared.Access.RoleAssignment("dev", "Deployer")], access.Roles);
    }

    [Fact]
    public void No_one_signed_in_sees_no_environment()
    {
        using var scope = portal.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(new DefaultHttpContext());

        Assert.Empty(scope.ServiceProvider.GetRequiredService<IFleetView>().Environments);
        Assert.Null(scope.ServiceProvider.GetRequiredService<IPortalAccess>().Person);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    private IServiceScope ScopeFor(string userName, params (string Environment, string Role)[] roles) => portal.ScopeFor(userName, roles);

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string user) =>
        (await portal.Services.GetRequiredService<AuditLog>().RecentAsync(new AuditQuery { Actor = user })).Entries;
}
