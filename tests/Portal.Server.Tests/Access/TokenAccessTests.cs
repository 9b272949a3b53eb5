using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Tests.Access;

public class TokenAccessTests
{
    // Rows name their scopes, so each row stays a test case of its own (xunit serializes strings, not scopes).
    private const string CiDeployer = "ci-deployer";
    private const string Viewer = "viewer";
    private const string Everything = "everything";
    private const string Nothing = "nothing";
    private const string NoServices = "no-services";
    private const string NoActions = "no-actions";

    private static readonly Dictionary<string, TokenScopes> Scopes = new(StringComparer.Ordinal)
    {
        [CiDeployer] = new(["dev", "stage"], ["orders-api", "billing-api"], ["announce-build", "deploy"]),
        [Viewer] = new(["*"], ["*"], ["view"]),
        [Everything] = new(["*"], ["*"], ["*"]),
        [Nothing] = new([], [], []),
        [NoServices] = new(["dev"], [], ["deploy"]),
        [NoActions] = new(["dev"], ["*"], []),
    };

    public static TheoryData<string, PortalAction, string, string?> Allowed => new()
    {
        { CiDeployer, PortalAction.Deploy, "dev", "orders-api" },
        { CiDeployer, PortalAction.Rollback, "stage", "billing-api" },
        { CiDeployer, PortalAction.Publish, "dev", "orders-api" },
        { CiDeployer, PortalAction.Deploy, "DEV", "orders-api" },
        { Viewer, PortalAction.ViewEnvironment, "prod", null },
        { Viewer, PortalAction.ViewService, "prod", "orders-api" },
        { Viewer, PortalAction.ViewCosts, "prod", null },
        { Everything, PortalAction.Deploy, "prod", "anything" },
        { Everything, PortalAction.ViewService, "prod", "anything" },
    };

    public static TheoryData<string, PortalAction, string, string?> Invisible => new()
    {
        { CiDeployer, PortalAction.Deploy, "prod", "orders-api" },
        { CiDeployer, PortalAction.ViewEnvironment, "prod", null },
        { CiDeployer, PortalAction.ManageTokens, "prod", null },
        { Nothing, PortalAction.ViewEnvironment, "dev", null },
    };

    public static TheoryData<string, PortalAction, string, string?, string> Refused => new()
    {
        { Viewer, PortalAction.Deploy, "dev", "orders-api", "This token may not deploy: its actions are view. Create a token with the deploy action." },
        { Viewer, PortalAction.Rollback, "dev", "orders-api", "This token may not roll back: its actions are view. Create a token with the deploy action." },
        { Viewer, PortalAction.Publish, "dev", "site", "This token may not publish: its actions are view. Create a token with the deploy action." },
        { CiDeployer, PortalAction.ViewService, "dev", "orders-api", "This token may not view: its actions are announce-build, deploy. Create a token with the view action." },
        { CiDeployer, PortalAction.ViewCosts, "dev", null, "This token may not view costs: its actions are announce-build, deploy. Create a token with the view action." },
        { CiDeployer, PortalAction.Deploy, "dev", "payments-api", "This token may not touch payments-api: its services are orders-api, billing-api. Create a token whose services include payments-api." },
        { CiDeployer, PortalAction.Deploy, "dev", "Orders-API", "This token may not touch Orders-API: its services are orders-api, billing-api. Create a token whose services include Orders-API." },
        { NoServices, PortalAction.Deploy, "dev", "orders-api", "This token may not touch orders-api: it has no services. Create a token whose services include orders-api." },
        { NoActions, PortalAction.Deploy, "dev", "orders-api", "This token may not deploy: it has no actions. Create a token with the deploy action." },
        { Everything, PortalAction.ManageTokens, "ops", null, "API tokens may not manage API tokens; that is left to a person signed in with a role that allows it." },
        { Everything, PortalAction.ManageFreezeWindows, "prod", null, "API tokens may not manage freeze windows; that is left to a person signed in with a role that allows it." },
        { Everything, PortalAction.ViewAudit, "ops", null, "API tokens may not view the audit log; that is left to a person signed in with a role that allows it." },
        { Everything, PortalAction.RunDoctor, "ops", null, "API tokens may not run the environment doctor; that is left to a person signed in with a role that allows it." },
        { Everything, PortalAction.AcknowledgeAlert, "prod", "orders-api", "API tokens may not acknowledge alerts; that is left to a person signed in with a role that allows it." },
    };

    public static TheoryData<string, string, string, string?, string?> TokenActionDecisions => new()
    {
        { CiDeployer, TokenActions.AnnounceBuild, "dev", "orders-api", null },
        { Everything, TokenActions.AnnounceBuild, "prod", "orders-api", null },
        { Viewer, TokenActions.AnnounceBuild, "dev", "orders-api", "This token may not announce builds: its actions are view. Create a token with the announce-build action." },
        { CiDeployer, TokenActions.AnnounceBuild, "dev", "payments-api", "This token may not touch payments-api: its services are orders-api, billing-api. Create a token whose services include payments-api." },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void A_token_may_do_what_its_scopes_cover(string scopes, PortalAction action, string environment, string? service)
    {
        Assert.Same(Decision.Allow, TokenAccess.Decide(Scopes[scopes], action, environment, service));
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public void An_environment_outside_the_scopes_does_not_exist_for_the_token(string scopes, PortalAction action, string environment, string? service)
    {
        var decision = TokenAccess.Decide(Scopes[scopes], action, environment, service);

        Assert.True(decision.IsInvisible);
        Assert.Null(decision.Reason);
        Assert.False(TokenAccess.CanSee(Scopes[scopes], environment));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_refusal_names_the_scope_a_token_would_need(string scopes, PortalAction action, string environment, string? service, string reason)
    {
        var decision = TokenAccess.Decide(Scopes[scopes], action, environment, service);

        Assert.False(decision.Allowed);
        Assert.False(decision.IsInvisible);
        Assert.Equal(reason, decision.Reason);
        Assert.Null(decision.NeededRole);
    }

    [Theory]
    [MemberData(nameof(TokenActionDecisions))]
    public void Token_actions_without_a_portal_action_are_decided_the_same_way(string scopes, string tokenAction, string environment, string? service, string? reason)
    {
        var decision = TokenAccess.Decide(Scopes[scopes], tokenAction, environment, service);

        Assert.Equal(reason is null, decision.Allowed);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void A_token_action_decision_outside_the_environments_is_invisible()
    {
        Assert.True(TokenAccess.Decide(Scopes[CiDeployer], TokenActions.AnnounceBuild, "prod", "orders-api").IsInvisible);
    }

    [Fact]
    public void An_unknown_token_action_is_a_programming_error()
    {
        Assert.Throws<ArgumentException>(() => TokenAccess.Decide(Scopes[Everything], "destroy", "dev", null));
    }

    [Theory]
    [InlineData(PortalAction.ViewEnvironment, TokenActions.View)]
    [InlineData(PortalAction.ViewService, TokenActions.View)]
    [InlineData(PortalAction.ViewCosts, TokenActions.View)]
    [InlineData(PortalAction.Deploy, TokenActions.Deploy)]
    [InlineData(PortalAction.Rollback, TokenActions.Deploy)]
    [InlineData(PortalAction.Publish, TokenActions.Deploy)]
    [InlineData(PortalAction.AcknowledgeAlert, null)]
    [InlineData(PortalAction.ManageTokens, null)]
    [InlineData(PortalAction.ManageFreezeWindows, null)]
    [InlineData(PortalAction.ViewAudit, null)]
    [InlineData(PortalAction.RunDoctor, null)]
    public void Each_portal_action_maps_to_one_token_action_or_none(PortalAction action, string? tokenAction)
    {
        Assert.Equal(tokenAction, TokenActions.For(action));
    }

    [Fact]
    public void Every_portal_action_is_mapped()
    {
        foreach (var action in Enum.GetValues<PortalAction>())
        {
            var tokenAction = TokenActions.For(action);
            Assert.True(tokenAction is null || TokenActions.IsKnown(tokenAction), $"{action} maps to {tokenAction}");
        }
    }

    [Theory]
    [InlineData("dev", true)]
    [InlineData("Stage", true)]
    [InlineData("prod", false)]
    [InlineData("", false)]
    public void A_token_sees_the_environments_it_names(string environment, bool visible)
    {
        Assert.Equal(visible, TokenAccess.CanSee(Scopes[CiDeployer], environment));
        Assert.True(TokenAccess.CanSee(Scopes[Everything], environment));
        Assert.False(TokenAccess.CanSee(Scopes[Nothing], environment));
    }
}
