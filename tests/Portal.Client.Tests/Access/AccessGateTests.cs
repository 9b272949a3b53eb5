using Bunit;
using Portal.Client.Components;
using Portal.Client.Diagnostics;
using Portal.Client.Tests.Support;
using Portal.Shared.Access;

namespace Portal.Client.Tests.Access;

public sealed class AccessGateTests : PortalTestContext
{

    [Fact]
    public void The_doctor_page_tells_a_read_only_person_which_role_it_needs_instead_of_showing_the_checks()
    {
        Access = new InMemoryPortalAccess(InMemoryPortalAccess.Oscar, ["dev", "stage", "prod"]);

        var cut = Render<DoctorPage>();

        cut.WaitForAssertion(() => Assert.Contains("No access", cut.Find(".no-access h1").TextContent, StringComparison.Ordinal));
        Assert.Contains("You hold no role in ops", cut.Find(".no-access").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("button.run-checks"));
    }

    [Fact]
    public void The_administrator_sees_the_checks()
    {
        var cut = Render<DoctorPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("button.run-checks")));
        Assert.Empty(cut.FindAll(".no-access"));

        cut.Find("button.run-checks").Click();

        // The click is checked again where it is handled, not only by hiding the button.
        Assert.Contains((PortalAction.RunDoctor, RoleCapabilities.PortalWide), Access.Authorized);
        Assert.Equal(1, Doctor.Runs);
    }

    [Fact]
    public void A_switch_to_a_role_without_the_capability_closes_the_gate_at_once()
    {
        var cut = Render<AccessGate>(parameters => parameters
            .Add(g => g.Action, PortalAction.Deploy)
            .Add(g => g.Environment, "prod")
            .AddChildContent("<button class=\"deploy\">Deploy</button>"));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("button.deploy")));

        Access.SwitchRoleAsync("prod", "ReadOnly");

        cut.WaitForAssertion(() => Assert.Contains("Switch role to Administrator", cut.Find(".no-access").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("button.deploy"));
    }
}
