using Bunit;
using MudBlazor;
using Portal.Client.History;
using Portal.Client.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.History;
using static Portal.Client.Tests.Support.Dom;

namespace Portal.Client.Tests.History;

public sealed class HistoryPageTests : PortalTestContext
{
    [Fact]
    public void Shows_deploys_and_events_newest_first_with_links_and_figures()
    {
        var now = TestFleet.Now;
        History.Items.Add(InMemoryHistory.Deploy("prod", "orders-api", now.AddHours(-2), DeploymentStatus.Failed));
        History.Items.Add(InMemoryHistory.Event("prod", "orders-api", 1, now.AddHours(-1), "(service orders-api) has reached a steady state."));
        History.Items.Add(InMemoryHistory.Deploy("prod", "orders-api", now.AddMinutes(-30), DeploymentStatus.Completed, actor: "bob"));

        var cut = Open("history?environment=prod&service=orders-api");

        var items = cut.FindAll(".timeline-item");
        Assert.Equal(3, items.Count);
        Assert.Equal([true, false, true], items.Select(i => i.ClassList.Contains("timeline-deploy")));
        Assert.Contains("bob", Text(items[0]), StringComparison.Ordinal);
        var events = items[0].QuerySelector("a.events-link")!.GetAttribute("href")!;
        Assert.StartsWith("history?environment=prod&cluster=main&service=orders-api&from=", events, StringComparison.Ordinal);
        Assert.Equal("environments/prod/clusters/main/services/orders-api", items[0].QuerySelector("a.metrics-link")!.GetAttribute("href"));
        Assert.Equal("prod", History.Queries[0].Environment);
        Assert.Equal("orders-api", History.Queries[0].Service);
        Assert.Equal("2", Text(cut.Find("[data-figure=deploys]")));
        Assert.Equal("50%", Text(cut.Find("[data-figure=failure-rate]")));
        Assert.Empty(cut.FindAll("button.load-more"));
    }

    [Fact]
    public void A_service_deployed_automatically_shows_the_standing_setting_beside_its_history()
    {
        Deployments = new NoDeployments
        {
            Choices = new DeployChoices("prod", "main", "orders-api", true, "arn:td:5", "repo/orders-api:1", [], [], null, null, null, AutoDeploy: true,
                new AutoDeployNotice("carol", TestFleet.Now.AddDays(-3), "releases are cut nightly")),
        };

        var cut = Open("history?environment=prod&service=orders-api");

        var standing = Text(cut.Find("#standing-settings"));
        Assert.Contains("Every new build of orders-api is deployed to prod automatically", standing, StringComparison.Ordinal);
        Assert.Contains("switched on by carol", standing, StringComparison.Ordinal);
        Assert.Contains("releases are cut nightly", standing, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_auto_deploy_or_a_service_filter_no_standing_setting_shows()
    {
        Deployments = new NoDeployments { Choices = new DeployChoices("prod", "main", "orders-api", true, "arn:td:5", "repo/orders-api:1", [], [], null, null, null, AutoDeploy: false) };

        Assert.Empty(Open("history?environment=prod&service=orders-api").FindAll("#standing-settings"));
        Assert.Empty(Open("history?environment=prod").FindAll("#standing-settings"));
    }

    [Fact]
    public void Alarms_show_when_a_regression_began_and_ended_and_time_the_recovery()
    {
        var now = TestFleet.Now;
        History.Items.Add(InMemoryHistory.Alarm("prod", "pricing-api", 1, now.AddMinutes(-40), "ALARM"));
        History.Items.Add(InMemoryHistory.Alarm("prod", "pricing-api", 2, now.AddMinutes(-15), "OK"));

        var cut = Open("history?environment=prod&service=pricing-api");

        var items = cut.FindAll(".timeline-item.timeline-alarm");
        Assert.Equal(2, items.Count);
        Assert.Equal("Recovered", Text(items[0].QuerySelector(".alarm-state")!));
        Assert.Contains("alarm-cleared", items[0].ClassList);
        Assert.Equal("Alarm", Text(items[1].QuerySelector(".alarm-state")!));
        Assert.DoesNotContain("alarm-cleared", items[1].ClassList);
        Assert.Contains("pricing-api-cpu-critical", Text(items[1]), StringComparison.Ordinal);
        Assert.Contains("Threshold Crossed", Text(items[1]), StringComparison.Ordinal);
        Assert.Equal("25 min", Text(cut.Find("[data-figure=mttr]")));
    }

    [Fact]
    public void Load_more_appends_the_next_page()
    {
        for (var i = 0; i < 60; i++)
        {
            // One service each, so that no two are repeats that fold.
            History.Items.Add(InMemoryHistory.Event("dev", $"service-{i}", i, TestFleet.Now.AddMinutes(-i), $"event {i}"));
        }

        var cut = Open("history");
        Assert.Equal(50, cut.FindAll(".timeline-item").Count);

        cut.Find("button.load-more").Click();

        cut.WaitForAssertion(() => Assert.Equal(60, cut.FindAll(".timeline-item").Count));
        Assert.Equal(60, cut.FindAll(".timeline-item").Select(i => i.GetAttribute("data-key")).Distinct().Count());
        Assert.Empty(cut.FindAll("button.load-more"));
    }

    [Fact]
    public void Nothing_matching_says_so()
    {
        var cut = Open("history?service=nothing-here");

        Assert.Contains("Nothing in the history matches", Text(cut.Find(".history-empty")), StringComparison.Ordinal);
    }

    [Fact]
    public void Deploys_outside_the_portal_are_told_apart_from_the_portal_s_own()
    {
        var now = TestFleet.Now;
        History.Items.Add(InMemoryHistory.Deploy("prod", "orders-api", now.AddHours(-3), DeploymentStatus.Completed));
        History.Items.Add(InMemoryHistory.Outside("prod", "orders-api", 1, now.AddHours(-2), "SUCCESSFUL"));
        History.Items.Add(InMemoryHistory.Outside("prod", "orders-api", 2, now.AddHours(-1), "ROLLBACK_SUCCESSFUL", rolledBackAt: now.AddHours(-1).AddMinutes(3)));

        var cut = Open("history");

        var items = cut.FindAll(".timeline-item");
        Assert.Equal([true, true, false], items.Select(i => i.ClassList.Contains("timeline-ecsdeployment")));
        var successful = Text(items[1]);
        Assert.Contains("Deploy outside the portal · SUCCESSFUL", successful, StringComparison.Ordinal);
        Assert.Contains("orders-api:42", successful, StringComparison.Ordinal);
        Assert.Contains("via ECS", successful, StringComparison.Ordinal);
        Assert.Contains("status-completed", items[1].QuerySelector(".ecs-status")!.ClassName, StringComparison.Ordinal);
        Assert.Null(items[1].QuerySelector(".ecs-rollback"));
        var rolledBack = items[0];
        Assert.Contains("status-rolledback", rolledBack.QuerySelector(".ecs-status")!.ClassName, StringComparison.Ordinal);
        Assert.Contains("to service revision 41: Circuit breaker tripped: tasks failed to start.", Text(rolledBack.QuerySelector(".ecs-rollback")!), StringComparison.Ordinal);
        Assert.StartsWith("history?environment=prod&cluster=main&service=orders-api&from=", rolledBack.QuerySelector("a.events-link")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.DoesNotContain("Deploy outside the portal", Text(items[2]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kind_filter_offers_deploys_outside_the_portal()
    {
        History.Items.Add(InMemoryHistory.Deploy("prod", "orders-api", TestFleet.Now.AddHours(-3), DeploymentStatus.Completed));
        History.Items.Add(InMemoryHistory.Outside("prod", "orders-api", 1, TestFleet.Now.AddHours(-2), "SUCCESSFUL"));

        var popovers = Render<MudPopoverProvider>();
        var cut = Open("history?kind=ecsdeployment");

        Assert.Equal(TimelineKind.EcsDeployment, History.Queries[0].Kind);
        Assert.Single(cut.FindAll(".timeline-item"));
        Assert.Equal("Deploys outside the portal", cut.Find("input[name=kind]").GetAttribute("value"));
        Assert.Equal(["Everything", "Deploys", "Deploys outside the portal", "Alarms", "Stopped tasks", "Events"], Selects.Choices(popovers, cut, "input[name=kind]"));
    }

    [Fact]
    public void Choosing_a_kind_or_an_outcome_puts_it_in_the_address_beside_the_other_filters()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Open("history?environment=prod");

        Selects.Choose(popovers, cut, "input[name=kind]", "alarm");

        Assert.Contains("kind=alarm", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("environment=prod", Navigation.Uri, StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.Equal("Alarms", cut.Find("input[name=kind]").GetAttribute("value")));

        Selects.Choose(popovers, cut, "input[name=outcome]", "failed");

        Assert.Contains("outcome=failed", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("kind=alarm", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_everything_again_drops_the_kind_from_the_address()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Open("history?environment=prod&kind=alarm");

        Selects.Choose(popovers, cut, "input[name=kind]", "");

        Assert.DoesNotContain("kind=", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("environment=prod", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_environment_of_the_address_shows_in_the_form_marked_unknown()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = Open("history?environment=staging");

        Assert.Equal("staging (unknown)", cut.Find("input[name=environment]").GetAttribute("value"));
        Assert.Equal(["All environments", "dev", "stage", "prod", "staging (unknown)"], Selects.Choices(popovers, cut, "input[name=environment]"));
    }

    [Fact]
    public void Changing_a_filter_puts_it_in_the_address()
    {
        var cut = Open("history?environment=prod");

        cut.Find("input[name=service]").Change("orders-api");

        Assert.Contains("service=orders-api", Navigation.Uri, StringComparison.Ordinal);
        Assert.Contains("environment=prod", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_events_fold_into_one_row_that_opens_to_each_of_them()
    {
        var start = new DateTimeOffset(2026, 11, 22, 10, 2, 0, TimeSpan.Zero);
        for (var i = 0; i < 48; i++)
        {
            History.Items.Add(InMemoryHistory.Event("prod", "recommendations", i, start.AddSeconds(i * 47.5), "(service recommendations) was unable to place a task.", "PlacementFailure"));
        }

        History.Items.Add(InMemoryHistory.Deploy("prod", "recommendations", start.AddMinutes(-5), DeploymentStatus.InProgress));

        var cut = Open("history?environment=prod");

        var rows = cut.FindAll(".timeline-item");
        Assert.Equal(2, rows.Count);
        var fold = rows[0];
        Assert.Contains("timeline-folded", fold.ClassList);
        Assert.Equal("Placement failure ×48, 10:02–10:39", Text(fold.QuerySelector("summary")!).Split(" (service")[0]);
        Assert.Equal(48, fold.QuerySelectorAll(".fold-member").Length);
        Assert.Contains("timeline-deploy", rows[1].ClassList);
    }

    [Fact]
    public void A_fold_cut_by_the_page_end_joins_up_when_more_is_loaded()
    {
        for (var i = 0; i < 120; i++)
        {
            // Every other row is another service's, so the page fills before the run ends.
            var service = i % 2 == 0 ? $"other-{i}" : "recommendations";
            History.Items.Add(InMemoryHistory.Event("prod", service, i, TestFleet.Now.AddMinutes(-i), $"(service {service}) was unable to place a task.", "PlacementFailure"));
        }

        var cut = Open("history?environment=prod");
        Assert.Equal(50, cut.FindAll(".timeline-item").Count);
        cut.Find("button.load-more").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("button.load-more")));
        var folds = cut.FindAll(".timeline-folded");
        Assert.Equal("60", Assert.Single(folds).QuerySelector(".folded-events")!.GetAttribute("data-count"));
        Assert.Equal(61, cut.FindAll(".timeline-item").Count);
    }

    [Fact]
    public void A_rolled_back_deploy_counts_as_failed_and_the_figures_say_what_they_count()
    {
        var now = TestFleet.Now;
        var rollback = InMemoryHistory.Deploy("prod", "pricing-api", now.AddMinutes(-20), DeploymentStatus.Completed);
        History.Items.Add(InMemoryHistory.Deploy("prod", "pricing-api", now.AddMinutes(-60), DeploymentStatus.Completed));
        History.Items.Add(rollback with { Deployment = rollback.Deployment! with { Kind = "rollback" } });
        History.Items.Add(InMemoryHistory.Deploy("prod", "orders-api", now.AddMinutes(-30), DeploymentStatus.Completed));

        var cut = Open("history?environment=prod&service=pricing-api");

        Assert.Equal("1", Text(cut.Find("[data-figure=deploys]")));
        Assert.Equal("100%", Text(cut.Find("[data-figure=failure-rate]")));
        Assert.Equal("1 of 1 finished deploys failed or were rolled back", Text(cut.Find("[data-figure=failed]")));
        Assert.StartsWith("prod · pricing-api", Text(cut.Find(".figures-scope")), StringComparison.Ordinal);
        Assert.Equal(1, cut.FindAll(".timeline-deploy .deploy-kind").Count(k => Text(k) == "Deploy"));
    }

    [Fact]
    public void Events_around_a_deploy_fill_from_and_to_in_the_form()
    {
        History.Items.Add(InMemoryHistory.Deploy("prod", "orders-api", TestFleet.Now.AddHours(-2), DeploymentStatus.Completed));
        var link = Open("history").Find("a.events-link").GetAttribute("href")!;

        var cut = Open(link);

        var query = History.Queries[^1];
        Assert.Equal(query.From!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture), cut.Find("input[name=from]").GetAttribute("value"));
        Assert.Equal(query.To!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture), cut.Find("input[name=to]").GetAttribute("value"));
        Assert.Equal("main", cut.Find("input[name=cluster]").GetAttribute("value"));
    }

    [Theory]
    [InlineData("history?from=2026-12-02&to=2026-12-01", "from")]
    [InlineData("history?environment=staging", "environment")]
    [InlineData("history?kind=party", "kind")]
    [InlineData("history?to=soon", "to")]
    public void A_bad_filter_is_answered_with_a_message_naming_it(string address, string filter)
    {
        var cut = Open(address);

        var problem = Assert.Single(cut.FindAll(".filter-problem"));
        Assert.Equal(filter, problem.GetAttribute("data-filter"));
        Assert.Empty(History.Queries);
        Assert.Empty(cut.FindAll(".timeline-item"));
    }

    private IRenderedComponent<HistoryPage> Open(string relativeUri)
    {
        Navigation.NavigateTo(relativeUri);
        return Render<HistoryPage>();
    }
}
