using Bunit;
using MudBlazor;
using Portal.Client.Fleet;
using Portal.Client.Tests.Support;
using Portal.Shared.Health;
using static Portal.Client.Tests.Support.Dom;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Fleet;

public sealed class EnvironmentPageTests : PortalTestContext
{
    [Fact]
    public void Lists_the_services_worst_health_first_then_by_name()
    {
        var cut = Open("environments/prod");

        Assert.Equal(["checkout-api", "orders-api", "tracking-api", "report-worker", "search-api"], ServiceNames(cut));
        Assert.Equal(["Critical", "Warning", "Warning", "Healthy", "Healthy"], cut.FindAll(".services-grid .health").Select(Text));
        Assert.Equal("5 of 5 services", Text(cut.Find(".result-count")));
    }

    [Fact]
    public void Each_row_links_to_its_service_and_shows_its_first_reason_tasks_revision_and_image_tag()
    {
        var cut = Open("environments/prod");

        var link = cut.FindAll("a.service-link")[0];
        Assert.Equal("environments/prod/clusters/main/services/checkout-api", link.GetAttribute("href"));
        var row = link.Closest("tr")!;
        Assert.Equal("Running 0 of 3 tasks for 5 min", Text(row.QuerySelector(".reason")!));
        Assert.Contains("2 / 2", Text(row), StringComparison.Ordinal);
        Assert.Contains("12", row.QuerySelectorAll("td").Select(Text));
        Assert.Equal("2.3.0", Text(row.QuerySelector("code")!));
        Assert.Equal("completed", Text(row.QuerySelector(".rollout")!));
    }

    [Fact]
    public void A_service_with_several_reasons_shows_the_first_and_how_many_more()
    {
        Fleet.Put(Environment(Prod, Fresh,
            View(Prod, "checkout-api", 12, "2.3.0", HealthLevel.Critical, "main",
                "Running 0 of 3 tasks for 5 min", "Alarm checkout-api-5xx-critical in ALARM since 2 min ago", "CPU at 96% (critical above 90%)")));

        var cut = Open("environments/prod");

        Assert.Equal("Running 0 of 3 tasks for 5 min", Text(cut.Find(".services-grid .reason")));
        Assert.Equal("+2 more", Text(cut.Find(".services-grid .more")));
    }

    [Fact]
    public void Health_filter_from_the_address_keeps_only_that_level()
    {
        var cut = Open("environments/prod?health=Warning");

        Assert.Equal(["orders-api", "tracking-api"], ServiceNames(cut));
        Assert.Equal("2 of 5 services", Text(cut.Find(".result-count")));
    }

    [Fact]
    public void Health_filter_reads_the_level_in_any_case()
    {
        var cut = Open("environments/prod?health=critical");

        Assert.Equal(["checkout-api"], ServiceNames(cut));
    }

    [Fact]
    public void Cluster_filter_from_the_address_keeps_only_that_cluster()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Open("environments/prod?cluster=batch");

        Assert.Equal(["report-worker"], ServiceNames(cut));
        Assert.Equal("batch (1)", cut.Find("input[name=cluster]").GetAttribute("value"));
        Assert.Equal(["", "main", "batch"], Selects.Open(popovers, cut, "input[name=cluster]").Select(o => o.GetAttribute("data-value")));
        Assert.Equal(["All clusters", "main (4)", "batch (1)"], popovers.FindAll(".mud-popover-open .mud-list-item").Select(Text));
    }

    [Fact]
    public void Text_filter_matches_service_names_image_tags_and_reasons()
    {
        Assert.Equal(["tracking-api"], ServiceNames(Open("environments/prod?q=TRACK")));
        Assert.Equal(["orders-api"], ServiceNames(Open("environments/prod?q=5.1")));
        Assert.Equal(["orders-api"], ServiceNames(Open("environments/prod?q=cpu%20at")));
    }

    [Fact]
    public void Filters_combine()
    {
        var cut = Open("environments/prod?cluster=main&health=Healthy&q=search");

        Assert.Equal(["search-api"], ServiceNames(cut));
        Assert.Equal("search", cut.Find("input[name=q]").GetAttribute("value"));
        Assert.Equal("main (4)", cut.Find("input[name=cluster]").GetAttribute("value"));
        Assert.Equal("Healthy", cut.Find("input[name=health]").GetAttribute("value"));
        Assert.Equal("1 of 5 services", Text(cut.Find(".result-count")));
    }

    [Fact]
    public void Filters_that_match_nothing_say_so_and_offer_to_clear_them()
    {
        var cut = Open("environments/prod?cluster=batch&health=Critical");

        var empty = cut.Find("p.empty");
        Assert.Equal("No service matches these filters. Clear the filters.", Text(empty));
        Assert.Equal("environments/prod", empty.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(cut.FindAll("a.service-link"));
        Assert.Equal("0 of 5 services", Text(cut.Find(".result-count")));
    }

    [Fact]
    public void An_unknown_environment_shows_a_not_found_message_naming_it()
    {
        var cut = Open("environments/qa");

        var message = cut.Find("section.not-found");
        Assert.Equal("alert", message.GetAttribute("role"));
        Assert.Contains("You have no environment named 'qa' to look at", Text(message), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("form.filters"));
    }

    [Fact]
    public void An_environment_without_a_snapshot_shows_it_is_loading_instead_of_an_empty_list()
    {
        Fleet.Put(Loading(Prod));

        var cut = Open("environments/prod");

        Assert.Equal(["Loading the first snapshot…", "Loading the first snapshot…"], cut.FindAll(".freshness").Select(Text));
        Assert.Empty(cut.FindAll("p.empty"));
        Assert.Empty(cut.FindAll(".services-grid"));
    }

    [Fact]
    public void Head_shows_the_account_region_and_freshness()
    {
        Fleet.Put(Environment(Prod, Stale("ThrottlingException: Rate exceeded"), View(Prod, "checkout-api", 12, "2.3.0")));

        var cut = Open("environments/prod");

        Assert.Equal("prod · protected 333333333333 · eu-west-1", Text(cut.Find("h1")));
        Assert.Equal("Stale: updated 20 min ago; last refresh failed: ThrottlingException: Rate exceeded", Text(cut.Find(".page-head .freshness")));
    }

    [Fact]
    public void Typing_in_the_search_box_puts_the_text_in_the_address()
    {
        var cut = Open("environments/prod?health=Warning");

        cut.Find("input[name=q]").Input("track");

        Assert.Equal("http://localhost/environments/prod?health=Warning&q=track", Navigation.Uri);
        var entry = Navigation.History.First();
        Assert.Equal("http://localhost/environments/prod?health=Warning&q=track", entry.Uri);
        Assert.True(entry.Options.ReplaceHistoryEntry);
    }

    [Fact]
    public async Task Typing_filters_the_list_without_leaving_the_page()
    {
        var cut = Open("environments/prod");

        cut.Find("input[name=q]").Input("track");

        await cut.WaitForStateAsync(() => ServiceNames(cut).Count == 1);
        Assert.Equal(["tracking-api"], ServiceNames(cut));
    }

    [Fact]
    public void Clearing_the_search_box_drops_q_from_the_address()
    {
        var cut = Open("environments/prod?q=track&cluster=main");

        cut.Find("input[name=q]").Input("  ");

        Assert.Equal("http://localhost/environments/prod?cluster=main", Navigation.Uri);
    }

    [Fact]
    public void Choosing_a_cluster_or_health_puts_it_in_the_address_and_keeps_the_other_filters()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Open("environments/prod?q=api");

        Selects.Choose(popovers, cut, "input[name=cluster]", "main");
        Assert.Equal("http://localhost/environments/prod?q=api&cluster=main", Navigation.Uri);

        Selects.Choose(popovers, cut, "input[name=health]", "Critical");
        Assert.Equal("http://localhost/environments/prod?q=api&cluster=main&health=Critical", Navigation.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["checkout-api"], ServiceNames(cut)));

        Selects.Choose(popovers, cut, "input[name=cluster]", "");
        Assert.Equal("http://localhost/environments/prod?q=api&health=Critical", Navigation.Uri);
    }

    [Fact]
    public async Task Re_renders_when_its_own_environment_is_refreshed()
    {
        var cut = Open("environments/prod");

        Fleet.Replace(Environment(Prod, Fresh,
            View(Prod, "checkout-api", 13, "2.3.1"),
            View(Prod, "tracking-api", 8, "1.4.2", HealthLevel.Critical, "main", "Running 0 of 2 tasks for 3 min")));

        await cut.WaitForStateAsync(() => ServiceNames(cut).Count == 2);
        Assert.Equal(["tracking-api", "checkout-api"], ServiceNames(cut));
        Assert.Equal("2 of 2 services", Text(cut.Find(".result-count")));
    }

    [Fact]
    public async Task Ignores_a_refresh_of_another_environment()
    {
        var cut = Open("environments/prod");
        Fleet.Put(Environment(Prod, Fresh, View(Prod, "checkout-api", 13, "2.3.1")));

        Fleet.RaiseChanged("dev");
        await cut.InvokeAsync(() => { });

        Assert.Equal(5, ServiceNames(cut).Count);
        Fleet.RaiseChanged("prod");
        await cut.WaitForStateAsync(() => ServiceNames(cut).Count == 1);
        Assert.Equal(["checkout-api"], ServiceNames(cut));
    }

    [Fact]
    public void The_health_filter_in_force_shows_as_a_chip_whose_close_clears_it_from_the_address()
    {
        var cut = Open("environments/prod?health=critical");

        Assert.Equal(["checkout-api"], ServiceNames(cut));
        var chip = cut.Find(".active-filter[data-filter=health]");
        Assert.Contains("Health: Critical", Text(chip), StringComparison.Ordinal);

        chip.QuerySelector("button, .mud-chip-close-button")!.Click();

        Assert.DoesNotContain("health=", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_filters_no_chip_shows()
    {
        var cut = Open("environments/prod");

        Assert.Empty(cut.FindAll(".active-filter"));
    }

    private IRenderedComponent<EnvironmentPage> Open(string relativeUri)
    {
        Navigation.NavigateTo(relativeUri);
        var environment = Uri.UnescapeDataString(relativeUri.Split('?')[0]["environments/".Length..]);
        return Render<EnvironmentPage>(parameters => parameters.Add(p => p.Environment, environment));
    }

    private static List<string> ServiceNames(IRenderedComponent<EnvironmentPage> cut) =>
        [.. cut.FindAll("a.service-link").Select(Text)];
}
