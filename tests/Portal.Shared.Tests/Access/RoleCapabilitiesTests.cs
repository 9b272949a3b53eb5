using Portal.Shared.Access;

namespace Portal.Shared.Tests.Access;

public class RoleCapabilitiesTests
{
    [Fact]
    public void The_default_maps_the_seed_roles()
    {
        var config = RoleCapabilities.Default;

        Assert.Equal(Capability.View, config.CapabilitiesOf("ReadOnly"));
        Assert.Equal(Capability.View | Capability.Deploy, config.CapabilitiesOf("Deployer"));
        Assert.Equal(Capability.View | Capability.Publish, config.CapabilitiesOf("Publisher"));
        Assert.Equal(Capability.View | Capability.Publish | Capability.Deploy | Capability.Administer, config.CapabilitiesOf("Administrator"));
        Assert.Equal(4, config.Roles.Count);
        Assert.Equal("portal:publish", config.PublishTagKey);
        Assert.Equal("marketing", config.PublishTagValue);
        Assert.Empty(config.Validate());
    }

    [Theory]
    [InlineData("PortalReadOnly")]
    [InlineData("Auditor")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_role_names_grant_nothing(string? role)
    {
        Assert.Equal(Capability.None, RoleCapabilities.Default.CapabilitiesOf(role));
    }

    [Fact]
    public void Role_names_compare_ignoring_case_even_in_a_dictionary_that_does_not()
    {
        var config = new RoleCapabilities { Roles = new Dictionary<string, Capability>(StringComparer.Ordinal) { ["Deployer"] = Capability.View | Capability.Deploy } };

        Assert.Equal(Capability.View | Capability.Deploy, config.CapabilitiesOf("deployer"));
        Assert.Equal(Capability.View, RoleCapabilities.Default.CapabilitiesOf("READONLY"));
    }

    [Fact]
    public void Each_default_is_a_fresh_instance()
    {
        var changed = RoleCapabilities.Default;
        changed.Roles["ReadOnly"] = Capability.None;

        Assert.Equal(Capability.View, RoleCapabilities.Default.CapabilitiesOf("ReadOnly"));
    }

    [Fact]
    public void A_new_instance_has_no_roles_but_the_default_publish_tag()
    {
        // The configuration binder adds to a dictionary it finds; defaults here would survive configuration.
        var config = new RoleCapabilities();

        Assert.Empty(config.Roles);
        Assert.Equal(RoleCapabilities.DefaultPublishTagKey, config.PublishTagKey);
        Assert.Equal(RoleCapabilities.DefaultPublishTagValue, config.PublishTagValue);
    }

    [Theory]
    [InlineData("View", Capability.View)]
    [InlineData("View, Deploy", Capability.View | Capability.Deploy)]
    [InlineData("View, Publish, Deploy, Administer", Capability.View | Capability.Publish | Capability.Deploy | Capability.Administer)]
    public void Capabilities_read_from_configuration_text(string text, Capability expected)
    {
        Assert.Equal(expected, Enum.Parse<Capability>(text));
    }

    [Fact]
    public void Capabilities_rank_by_value()
    {
        Assert.True(Capability.Administer > (Capability.View | Capability.Publish | Capability.Deploy));
        Assert.True((Capability.View | Capability.Deploy) > (Capability.View | Capability.Publish));
        Assert.True((Capability.View | Capability.Publish) > Capability.View);
    }

    [Fact]
    public void Publishable_services_carry_the_tag_with_the_value()
    {
        var config = RoleCapabilities.Default;

        Assert.True(config.IsPublishable(new Dictionary<string, string> { ["portal:publish"] = "marketing" }));
        Assert.False(config.IsPublishable(new Dictionary<string, string> { ["portal:publish"] = "docs" }));
        Assert.False(config.IsPublishable(new Dictionary<string, string>()));
        Assert.False(config.IsPublishable(null));
    }

    // ---- Validation --------------------------------------------------------------------------

    [Fact]
    public void A_role_with_no_capabilities_is_named()
    {
        var config = RoleCapabilities.Default;
        config.Roles["Deployer"] = Capability.None;

        Assert.Equal(["Access:Roles:Deployer has no capabilities"], config.Validate());
    }

    [Fact]
    public void A_role_that_acts_without_view_is_named()
    {
        var config = RoleCapabilities.Default;
        config.Roles["Releaser"] = Capability.Deploy | Capability.Publish;

        Assert.Equal(
            ["Access:Roles:Releaser grants Publish, Deploy but not View; a role that cannot see an environment cannot act in it"],
            config.Validate());
    }

    [Fact]
    public void Unknown_capability_bits_are_named()
    {
        var config = RoleCapabilities.Default;
        config.Roles["Odd"] = Capability.View | (Capability)64;

        Assert.Equal(["Access:Roles:Odd has unknown capability bits (64); use View, Publish, Deploy, Administer"], config.Validate());
    }

    [Fact]
    public void No_roles_at_all_is_a_problem()
    {
        Assert.Equal(
            ["Access:Roles is empty; map at least one role name to its capabilities (View, Publish, Deploy, Administer)"],
            new RoleCapabilities().Validate());
        Assert.Equal(
            ["Access:Roles is empty; map at least one role name to its capabilities (View, Publish, Deploy, Administer)"],
            new RoleCapabilities { Roles = null! }.Validate());
    }

    [Fact]
    public void A_blank_role_name_is_a_problem()
    {
        var config = RoleCapabilities.Default;
        config.Roles = new(StringComparer.Ordinal) { [" "] = Capability.View, ["ReadOnly"] = Capability.View };

        Assert.Equal(["Access:Roles has a role with a blank name"], config.Validate());
    }

    [Fact]
    public void Role_names_that_differ_only_in_case_are_a_problem()
    {
        var config = RoleCapabilities.Default;
        config.Roles = new(StringComparer.Ordinal) { ["Deployer"] = Capability.View | Capability.Deploy, ["deployer"] = Capability.View };

        Assert.Equal(
            ["Access:Roles:Deployer and Access:Roles:deployer differ only in case; role names are compared ignoring case"],
            config.Validate());
    }

    [Fact]
    public void An_empty_publish_tag_is_named()
    {
        var config = RoleCapabilities.Default;
        config.PublishTagKey = "";
        config.PublishTagValue = " ";

        Assert.Equal(
            [
                "Access:PublishTagKey is empty; it names the service tag that allows publishing",
                "Access:PublishTagValue is empty; it is the value of Access:PublishTagKey that allows publishing",
            ],
            config.Validate());
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var config = new RoleCapabilities
        {
            Roles = new() { ["ReadOnly"] = Capability.None, ["Deployer"] = Capability.Deploy, ["Administrator"] = Capability.View | Capability.Administer },
            PublishTagKey = "",
        };

        var problems = config.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains("Access:Roles:Deployer grants Deploy but not View; a role that cannot see an environment cannot act in it", problems);
        Assert.Contains("Access:Roles:ReadOnly has no capabilities", problems);
        Assert.Contains("Access:PublishTagKey is empty; it names the service tag that allows publishing", problems);
    }
}
