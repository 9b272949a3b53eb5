using Portal.Shared.Access;
using static Portal.Shared.Tests.Access.SeedPeople;

namespace Portal.Shared.Tests.Access;

public class ActiveRolesTests
{
    private static readonly RoleCapabilities Config = RoleCapabilities.Default;

    [Theory]
    [InlineData("alice", "ops", "Administrator")]
    [InlineData("alice", "prod", "Administrator")]
    [InlineData("dmitri", "dev", "Deployer")]
    [InlineData("dmitri", "prod", null)]
    [InlineData("sam", "stage", "Deployer")]
    [InlineData("sam", "prod", "ReadOnly")]
    [InlineData("maria", "prod", "Publisher")]
    [InlineData("maria", "dev", null)]
    [InlineData("oscar", "dev", "ReadOnly")]
    public void Seed_users_act_in_their_only_role_by_default(string userName, string environment, string? expected)
    {
        var person = new[] { Alice, Dmitri, Sam, Maria, Oscar }.Single(p => p.UserName == userName);

        Assert.Equal(expected, ActiveRoles.Empty.RoleIn(person, environment, Config));
    }

    [Theory]
    [InlineData("Deployer", "ReadOnly", "Publisher", "Deployer")]
    [InlineData("ReadOnly", "Publisher", null, "Publisher")]
    [InlineData("Deployer", "Administrator", null, "Administrator")]
    [InlineData("Publisher", "Deployer", null, "Deployer")]
    [InlineData("Auditor", "ReadOnly", null, "ReadOnly")]
    public void The_default_is_the_most_capable_role(string first, string second, string? third, string expected)
    {
        var assignments = new List<(string, string)> { ("prod", first), ("prod", second) };
        if (third is not null)
            assignments.Add(("prod", third));
        var person = Person("priya", "Priya Shah", [.. assignments]);

        Assert.Equal(expected, ActiveRoles.Empty.RoleIn(person, "prod", Config));
        Assert.Equal(expected, ActiveRoles.MostCapableRole(person, "prod", Config));
    }

    [Fact]
    public void Equally_capable_roles_default_to_the_first_by_name()
    {
        var config = RoleCapabilities.Default;
        config.Roles["Auditor"] = Capability.View;
        var person = Person("priya", "Priya Shah", ("prod", "ReadOnly"), ("prod", "Auditor"));

        Assert.Equal("Auditor", ActiveRoles.Empty.RoleIn(person, "prod", config));
    }

    [Fact]
    public void A_switch_sets_the_role_in_that_environment_only()
    {
        var priya = Person("priya", "Priya Shah", ("dev", "ReadOnly"), ("dev", "Deployer"), ("prod", "ReadOnly"), ("prod", "Deployer"));

        var active = ActiveRoles.Empty.Switch(priya, "prod", "ReadOnly");

        Assert.Equal("ReadOnly", active.RoleIn(priya, "prod", Config));
        Assert.Equal("Deployer", active.RoleIn(priya, "dev", Config));
        Assert.Equal(new Dictionary<string, string> { ["prod"] = "ReadOnly" }, active.Chosen);
    }

    [Fact]
    public void A_switch_returns_a_new_instance_and_leaves_the_old_one_alone()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "ReadOnly"), ("prod", "Deployer"));

        var first = ActiveRoles.Empty.Switch(priya, "prod", "ReadOnly");
        var second = first.Switch(priya, "prod", "Deployer");

        Assert.Empty(ActiveRoles.Empty.Chosen);
        Assert.Equal("ReadOnly", first.RoleIn(priya, "prod", Config));
        Assert.Equal("Deployer", second.RoleIn(priya, "prod", Config));
    }

    [Fact]
    public void A_switch_keeps_the_spelling_of_the_assignment()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "ReadOnly"), ("prod", "Deployer"));

        var active = ActiveRoles.Empty.Switch(priya, "PROD", "readonly");

        Assert.Equal("ReadOnly", active.RoleIn(priya, "prod", Config));
    }

    [Theory]
    [InlineData("sam", "prod", "Deployer")]
    [InlineData("sam", "prod", "Administrator")]
    [InlineData("dmitri", "prod", "ReadOnly")]
    [InlineData("maria", "prod", "Deployer")]
    [InlineData("oscar", "ops", "ReadOnly")]
    public void Switching_to_a_role_the_person_does_not_hold_is_rejected(string userName, string environment, string role)
    {
        var person = new[] { Alice, Dmitri, Sam, Maria, Oscar }.Single(p => p.UserName == userName);

        var error = Assert.Throws<RoleNotHeldException>(() => ActiveRoles.Empty.Switch(person, environment, role));

        Assert.Equal($"{userName} holds no {role} role in {environment}.", error.Message);
        Assert.Equal(userName, error.UserName);
        Assert.Equal(environment, error.Environment);
        Assert.Equal(role, error.Role);
    }

    [Fact]
    public void A_rejected_switch_leaves_the_active_roles_as_they_were()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "ReadOnly"), ("prod", "Deployer"));
        var active = ActiveRoles.Empty.Switch(priya, "prod", "ReadOnly");

        Assert.Throws<RoleNotHeldException>(() => active.Switch(priya, "prod", "Administrator"));

        Assert.Equal("ReadOnly", active.RoleIn(priya, "prod", Config));
    }

    [Fact]
    public void Restored_choices_are_used_while_the_person_still_holds_them()
    {
        var priya = Person("priya", "Priya Shah", ("prod", "ReadOnly"), ("prod", "Deployer"));

        var kept = ActiveRoles.FromChosen(new Dictionary<string, string> { ["prod"] = "ReadOnly", ["dev"] = "Deployer", [""] = "x" });

        Assert.Equal("ReadOnly", kept.RoleIn(priya, "prod", Config));
        Assert.Null(kept.RoleIn(priya, "dev", Config));
        Assert.Equal(2, kept.Chosen.Count);
    }

    [Fact]
    public void A_restored_choice_no_longer_held_gives_way_to_the_default()
    {
        var kept = ActiveRoles.FromChosen(new Dictionary<string, string> { ["prod"] = "Deployer" });

        Assert.Equal("ReadOnly", kept.RoleIn(Sam, "prod", Config));
    }
}
