using Bunit;
using Portal.Client.Layout;
using Portal.Client.Tests.Support;

namespace Portal.Client.Tests.Access;

public sealed class RoleSwitcherTests : PortalTestContext
{
    [Fact]
    public void The_bar_names_the_person_the_environment_and_the_active_role_in_the_environments_colour()
    {
        Navigation.NavigateTo("environments/prod");

        var cut = RenderWithPopovers<RoleSwitcher>();

        var label = cut.Find(".role-label");
        Assert.Equal("alice · prod · Administrator", label.TextContent.Trim());
        Assert.Contains("#d13212", label.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("false", cut.Find(".role-switcher .mud-menu-activator").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void The_menu_lists_every_environment_and_role_held_with_the_active_one_checked_and_a_switch_relabels_the_bar()
    {
        Navigation.NavigateTo("environments/prod");
        var cut = RenderWithPopovers<RoleSwitcher>();

        cut.Find(".role-label").Click();
        var options = cut.FindAll(".role-group[aria-label=prod] .role-option");
        Assert.Equal(["✓ Administrator", "ReadOnly"], options.Select(o => o.TextContent.Trim()));
        Assert.Equal(3, cut.FindAll(".role-group").Count);

        options[1].Click();

        cut.WaitForAssertion(() => Assert.Equal("alice · prod · ReadOnly", cut.Find(".role-label").TextContent.Trim()));
        // MudMenu closes itself after the item's click has been handled, a render later than the relabelled bar.
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".role-menu")));
    }

    [Fact]
    public void Switching_in_another_environment_moves_the_bar_there_when_the_page_has_none()
    {
        Navigation.NavigateTo("");
        var cut = RenderWithPopovers<RoleSwitcher>();
        Assert.Equal("alice · prod · Administrator", cut.Find(".role-label").TextContent.Trim());

        cut.Find(".role-label").Click();
        cut.Find(".role-group[aria-label=stage] .role-option").Click();

        cut.WaitForAssertion(() => Assert.Equal("alice · stage · Administrator", cut.Find(".role-label").TextContent.Trim()));
        Assert.Contains("#c77700", cut.Find(".role-label").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_closes_the_menu()
    {
        var cut = RenderWithPopovers<RoleSwitcher>();
        cut.Find(".role-label").Click();

        Assert.NotEmpty(cut.FindAll(".role-menu"));

        cut.Find(".role-switcher").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".role-menu")));
        Assert.Equal("false", cut.Find(".role-switcher .mud-menu-activator").GetAttribute("aria-expanded"));
    }

    [Fact]
    public void No_one_signed_in_shows_no_bar()
    {
        Access = new InMemoryPortalAccess(null, ["dev", "stage", "prod"]);

        var cut = RenderWithPopovers<RoleSwitcher>();

        Assert.Empty(cut.FindAll(".role-label"));
    }
}
