using Portal.Shared.Access;
using static Portal.Shared.Tests.Access.SeedPeople;

namespace Portal.Shared.Tests.Access;

public class AccessPolicyTests
{
    private static readonly RoleCapabilities Config = RoleCapabilities.Default;

    private static Decision Decide(Person person, PortalAction action, string environment, IReadOnlyDictionary<string, string>? tags = null, ActiveRoles? active = null) =>
        AccessPolicy.Decide(person, active ?? ActiveRoles.Empty, action, environment, tags ?? ApiService, Config);

    // ---- Refusal sentences -------------------------------------------------------------------

    [Fact]
    public void A_person_without_the_role_is_told_to_ask_an_administrator()
    {
        var decision = Decide(Sam, PortalAction.Deploy, "prod");

        Assert.Equal(
            Decision.Refuse("Deploying in prod needs the Deployer or Administrator role; you hold no such role in prod — ask an administrator.", "Deployer"),
            decision);
    }

    [Fact]
    public void A_person_who_holds_the_role_but_acts_in_another_is_told_to_switch()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "ReadOnly"), ("prod", "Deployer"));
        var active = ActiveRoles.Empty.Switch(priya, "prod", "ReadOnly");

        var decision = Decide(priya, PortalAction.Deploy, "prod", active: active);

        Assert.Equal(
            Decision.Refuse("Deploying in prod needs the Deployer or Administrator role; you are ReadOnly there. Switch role to Deployer.", "Deployer"),
            decision);
    }

    [Fact]
    public void The_switch_suggested_is_the_least_capable_held_role_that_would_do()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "Administrator"), ("prod", "Deployer"), ("prod", "ReadOnly"));
        var active = ActiveRoles.Empty.Switch(priya, "prod", "ReadOnly");

        Assert.Equal("Deployer", Decide(priya, PortalAction.Rollback, "prod", active: active).NeededRole);
        Assert.Equal(
            "Managing API tokens in prod needs the Administrator role; you are ReadOnly there. Switch role to Administrator.",
            Decide(priya, PortalAction.ManageTokens, "prod", active: active).Reason);
    }

    [Fact]
    public void A_publisher_asked_to_roll_back_needs_a_deployer()
    {
        Assert.Equal(
            Decision.Refuse("Rolling back in prod needs the Deployer or Administrator role; you hold no such role in prod — ask an administrator.", "Deployer"),
            Decide(Maria, PortalAction.Rollback, "prod", MarketingSite));
    }

    [Fact]
    public void Publishing_names_every_role_that_may_publish_least_capable_first()
    {
        Assert.Equal(
            Decision.Refuse("Publishing in prod needs the Publisher, Deployer or Administrator role; you hold no such role in prod — ask an administrator.", "Publisher"),
            Decide(Oscar, PortalAction.Publish, "prod", MarketingSite));
    }

    [Fact]
    public void Administrative_actions_need_the_administrator()
    {
        Assert.Equal(
            "Running the environment doctor in dev needs the Administrator role; you hold no such role in dev — ask an administrator.",
            Decide(Oscar, PortalAction.RunDoctor, "dev").Reason);
        Assert.Equal(
            "Viewing the audit log in stage needs the Administrator role; you hold no such role in stage — ask an administrator.",
            Decide(Sam, PortalAction.ViewAudit, "stage").Reason);
        Assert.Equal(
            "Managing freeze windows in prod needs the Administrator role; you hold no such role in prod — ask an administrator.",
            Decide(Maria, PortalAction.ManageFreezeWindows, "prod").Reason);
    }

    [Fact]
    public void Publishing_a_service_without_the_publish_tag_is_refused_for_every_role()
    {
        var expected = Decision.Refuse("Only services tagged portal:publish=marketing can be published; this one is not.", null);

        Assert.Equal(expected, Decide(Alice, PortalAction.Publish, "prod", ApiService));
        Assert.Equal(expected, Decide(Maria, PortalAction.Publish, "prod", ApiService));
        Assert.Equal(expected, Decide(Oscar, PortalAction.Publish, "prod", ApiService));
    }

    [Fact]
    public void The_publish_tag_must_carry_the_configured_value_exactly()
    {
        var otherValue = new Dictionary<string, string> { ["portal:publish"] = "docs" };
        var otherCase = new Dictionary<string, string> { ["portal:publish"] = "Marketing" };
        var otherKey = new Dictionary<string, string> { ["Portal:Publish"] = "marketing" };

        Assert.False(Decide(Maria, PortalAction.Publish, "prod", otherValue).Allowed);
        Assert.False(Decide(Maria, PortalAction.Publish, "prod", otherCase).Allowed);
        Assert.False(Decide(Maria, PortalAction.Publish, "prod", otherKey).Allowed);
        Assert.False(AccessPolicy.Decide(Maria, ActiveRoles.Empty, PortalAction.Publish, "prod", null, Config).Allowed);
        Assert.True(Decide(Maria, PortalAction.Publish, "prod", MarketingSite).Allowed);
    }

    [Fact]
    public void The_publish_tag_comes_from_configuration()
    {
        var config = RoleCapabilities.Default;
        config.PublishTagKey = "site-owner";
        config.PublishTagValue = "content";
        var docs = new Dictionary<string, string> { ["site-owner"] = "content" };

        Assert.True(AccessPolicy.Decide(Maria, ActiveRoles.Empty, PortalAction.Publish, "prod", docs, config).Allowed);
        Assert.Equal(
            "Only services tagged site-owner=content can be published; this one is not.",
            AccessPolicy.Decide(Maria, ActiveRoles.Empty, PortalAction.Publish, "prod", MarketingSite, config).Reason);
    }

    [Fact]
    public void An_action_no_configured_role_grants_says_so_and_needs_no_role()
    {
        var config = new RoleCapabilities { Roles = new() { ["ReadOnly"] = Capability.View, ["Deployer"] = Capability.View | Capability.Deploy } };

        var decision = AccessPolicy.Decide(Sam, ActiveRoles.Empty, PortalAction.ManageTokens, "dev", null, config);

        Assert.Equal(Decision.Refuse("Managing API tokens in dev is not granted to any role in the portal's configuration.", null), decision);
    }

    // ---- Active role, not any held role, decides ---------------------------------------------

    [Fact]
    public void Only_the_active_role_counts()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "Publisher"), ("prod", "Deployer"));

        Assert.True(Decide(priya, PortalAction.Deploy, "prod").Allowed);

        var asPublisher = ActiveRoles.Empty.Switch(priya, "prod", "Publisher");
        var decision = Decide(priya, PortalAction.Deploy, "prod", active: asPublisher);
        Assert.Equal(
            Decision.Refuse("Deploying in prod needs the Deployer or Administrator role; you are Publisher there. Switch role to Deployer.", "Deployer"),
            decision);
        Assert.True(Decide(priya, PortalAction.Publish, "prod", MarketingSite, asPublisher).Allowed);
    }

    [Fact]
    public void A_switch_in_one_environment_does_not_change_another()
    {
        var priya = Person("priya", "Priya Shah", ("dev", "ReadOnly"), ("dev", "Deployer"), ("prod", "ReadOnly"), ("prod", "Deployer"));
        var active = ActiveRoles.Empty.Switch(priya, "prod", "ReadOnly");

        Assert.True(Decide(priya, PortalAction.Deploy, "dev", active: active).Allowed);
        Assert.False(Decide(priya, PortalAction.Deploy, "prod", active: active).Allowed);
    }

    [Fact]
    public void A_chosen_role_the_person_no_longer_holds_falls_back_to_the_default()
    {
        var active = ActiveRoles.FromChosen(new Dictionary<string, string> { ["prod"] = "Administrator" });

        Assert.Equal("Deploying in prod needs the Deployer or Administrator role; you hold no such role in prod — ask an administrator.",
            Decide(Sam, PortalAction.Deploy, "prod", active: active).Reason);
        Assert.True(Decide(Sam, PortalAction.ViewService, "prod", active: active).Allowed);
    }

    [Fact]
    public void A_held_role_the_configuration_does_not_know_is_not_visible_on_its_own_but_can_be_switched_to()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "Auditor"), ("prod", "ReadOnly"));
        var asAuditor = ActiveRoles.Empty.Switch(priya, "prod", "Auditor");

        Assert.Equal(
            Decision.Refuse("Viewing prod needs the ReadOnly, Publisher, Deployer or Administrator role; you are Auditor there. Switch role to ReadOnly.", "ReadOnly"),
            Decide(priya, PortalAction.ViewEnvironment, "prod", active: asAuditor));
        Assert.True(Decide(priya, PortalAction.ViewEnvironment, "prod").Allowed);
    }

    // ---- Invisible environments --------------------------------------------------------------

    [Theory]
    [InlineData("dmitri", "prod")]
    [InlineData("dmitri", "stage")]
    [InlineData("maria", "dev")]
    [InlineData("sam", "ops")]
    [InlineData("oscar", "ops")]
    [InlineData("alice", "sandbox")]
    public void An_environment_where_the_person_holds_no_role_is_invisible_for_every_action(string userName, string environment)
    {
        var person = new[] { Alice, Dmitri, Sam, Maria, Oscar }.Single(p => p.UserName == userName);

        foreach (var action in Enum.GetValues<PortalAction>())
        {
            var decision = Decide(person, action, environment, MarketingSite);
            Assert.Same(Decision.Invisible, decision);
            Assert.False(decision.Allowed);
            Assert.Null(decision.Reason);
            Assert.Null(decision.NeededRole);
        }
    }

    [Fact]
    public void Invisible_is_distinct_from_a_refusal()
    {
        Assert.True(Decision.Invisible.IsInvisible);
        Assert.False(Decision.Allow.IsInvisible);
        Assert.False(Decision.Refuse("No.", null).IsInvisible);
        Assert.NotEqual(Decision.Invisible, new Decision(false, null, null));
    }

    [Fact]
    public void Environment_and_role_names_compare_ignoring_case()
    {
        var shouty = Person("pat", "Pat Example", ("PROD", "deployer"));

        Assert.True(Decide(shouty, PortalAction.Deploy, "prod").Allowed);
        Assert.True(Decide(Sam, PortalAction.ViewService, "Prod").Allowed);
    }

    // ---- Visibility --------------------------------------------------------------------------

    public static TheoryData<string, string[]> SeedVisibility() => new()
    {
        { "alice", ["ops", "dev", "stage", "prod"] },
        { "dmitri", ["dev"] },
        { "sam", ["dev", "stage", "prod"] },
        { "maria", ["stage", "prod"] },
        { "oscar", ["dev", "stage", "prod"] },
    };

    [Theory]
    [MemberData(nameof(SeedVisibility))]
    public void Seed_users_see_the_environments_they_hold_a_role_in(string userName, string[] expected)
    {
        var person = new[] { Alice, Dmitri, Sam, Maria, Oscar }.Single(p => p.UserName == userName);

        Assert.Equal(expected, AccessPolicy.VisibleEnvironments(person, AllEnvironments, Config));
    }

    [Fact]
    public void Visible_environments_keep_the_order_given_and_add_none()
    {
        Assert.Equal(["prod", "stage", "dev"], AccessPolicy.VisibleEnvironments(Sam, ["prod", "sandbox", "stage", "ops", "dev"], Config));
        Assert.Empty(AccessPolicy.VisibleEnvironments(Sam, [], Config));
    }

    [Fact]
    public void A_role_that_grants_no_view_does_not_make_an_environment_visible()
    {
        var priya = Person("priya", "Priya Shah", ("dev", "Auditor"), ("stage", "PortalReadOnly"), ("prod", "ReadOnly"));

        Assert.Equal(["prod"], AccessPolicy.VisibleEnvironments(priya, AllEnvironments, Config));
    }

    [Fact]
    public void Visibility_follows_the_configuration()
    {
        var config = RoleCapabilities.Default;
        config.Roles["Auditor"] = Capability.View;
        var priya = Person("priya", "Priya Shah", ("dev", "Auditor"));

        Assert.Equal(["dev"], AccessPolicy.VisibleEnvironments(priya, AllEnvironments, config));
        Assert.True(AccessPolicy.Decide(priya, ActiveRoles.Empty, PortalAction.ViewEnvironment, "dev", null, config).Allowed);
    }

    // ---- Roles granting ----------------------------------------------------------------------

    [Fact]
    public void Roles_granting_a_capability_are_listed_least_capable_first()
    {
        Assert.Equal(["ReadOnly", "Publisher", "Deployer", "Administrator"], AccessPolicy.RolesGranting(Capability.View, Config));
        Assert.Equal(["Publisher", "Administrator"], AccessPolicy.RolesGranting(Capability.Publish, Config));
        Assert.Equal(["Deployer", "Administrator"], AccessPolicy.RolesGranting(Capability.Deploy, Config));
        Assert.Equal(["Administrator"], AccessPolicy.RolesGranting(Capability.Administer, Config));
    }

    [Fact]
    public void Roles_granting_combined_capabilities_grant_all_of_them()
    {
        Assert.Equal(["Administrator"], AccessPolicy.RolesGranting(Capability.Publish | Capability.Deploy, Config));
        Assert.Equal(["Deployer", "Administrator"], AccessPolicy.RolesGranting(Capability.View | Capability.Deploy, Config));
    }

    [Fact]
    public void Roles_granting_ignores_roles_with_no_capabilities_and_orders_equals_by_name()
    {
        var config = new RoleCapabilities
        {
            Roles = new()
            {
                ["Viewer"] = Capability.View,
                ["Empty"] = Capability.None,
                ["Auditor"] = Capability.View,
            },
        };

        Assert.Equal(["Auditor", "Viewer"], AccessPolicy.RolesGranting(Capability.View, config));
        Assert.Empty(AccessPolicy.RolesGranting(Capability.Deploy, config));
    }

    [Fact]
    public void Roles_allowed_to_publish_include_deployers()
    {
        Assert.Equal(["Publisher", "Deployer", "Administrator"], AccessPolicy.RolesAllowedTo(PortalAction.Publish, Config));
        Assert.Equal(["Deployer", "Administrator"], AccessPolicy.RolesAllowedTo(PortalAction.Rollback, Config));
        Assert.Equal(["ReadOnly", "Publisher", "Deployer", "Administrator"], AccessPolicy.RolesAllowedTo(PortalAction.AcknowledgeAlert, Config));
    }

    // ---- Action requirements -----------------------------------------------------------------

    [Theory]
    [InlineData(PortalAction.ViewEnvironment, Capability.View, false)]
    [InlineData(PortalAction.ViewService, Capability.View, false)]
    [InlineData(PortalAction.ViewCosts, Capability.View, false)]
    [InlineData(PortalAction.AcknowledgeAlert, Capability.View, false)]
    [InlineData(PortalAction.Deploy, Capability.Deploy, false)]
    [InlineData(PortalAction.Rollback, Capability.Deploy, false)]
    [InlineData(PortalAction.Publish, Capability.Publish | Capability.Deploy, true)]
    [InlineData(PortalAction.ManageTokens, Capability.Administer, false)]
    [InlineData(PortalAction.ManageFreezeWindows, Capability.Administer, false)]
    [InlineData(PortalAction.ViewAudit, Capability.Administer, false)]
    [InlineData(PortalAction.RunDoctor, Capability.Administer, false)]
    public void Every_action_has_its_requirement(PortalAction action, Capability anyOf, bool publishable)
    {
        Assert.Equal(new ActionRequirement(anyOf, publishable), PortalActions.Requirement(action));
    }

    [Fact]
    public void Any_one_capability_of_a_requirement_satisfies_it()
    {
        var publishing = PortalActions.Requirement(PortalAction.Publish);

        Assert.True(publishing.IsSatisfiedBy(Capability.View | Capability.Publish));
        Assert.True(publishing.IsSatisfiedBy(Capability.View | Capability.Deploy));
        Assert.False(publishing.IsSatisfiedBy(Capability.View | Capability.Administer));
        Assert.False(publishing.IsSatisfiedBy(Capability.None));
    }

    [Fact]
    public void An_undefined_action_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PortalActions.Requirement((PortalAction)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(Alice, (PortalAction)99, "prod"));
    }
}
