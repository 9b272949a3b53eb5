using AngleSharp.Dom;
using Bunit;
using Portal.Client.Fleet;
using Portal.Client.Tests.Support;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Client.Tests.Support.Dom;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Fleet;

public sealed class FleetOverviewPageTests : PortalTestContext
{
    [Fact]
    public void Renders_one_card_per_environment_in_fleet_order()
    {
        var cut = Render<FleetOverviewPage>();

        var cards = cut.FindAll(".env-card");
        Assert.Equal(["dev", "stage", "prod"], cards.Select(c => c.GetAttribute("data-environment")));
        Assert.Equal(["environments/dev", "environments/stage", "environments/prod"], cards.Select(c => c.QuerySelector(".env-card-link")!.GetAttribute("href")));
        Assert.Contains("333333333333 · eu-west-1", Text(Card(cut, "prod")), StringComparison.Ordinal);
        Assert.Contains("protected", Text(Card(cut, "prod").QuerySelector(".env-tag")!), StringComparison.Ordinal);
    }

    [Fact]
    public void Card_shows_the_environments_health_counts_worst_first()
    {
        var cut = Render<FleetOverviewPage>();

        var prodCounts = Card(cut, "prod").QuerySelectorAll(".env-card-counts .count").Select(Text);
        Assert.Equal(["1 Critical", "2 Warning", "0 Unknown", "2 Healthy"], prodCounts);
        var stageCounts = Card(cut, "stage").QuerySelectorAll(".env-card-counts .count").Select(Text);
        Assert.Equal(["0 Critical", "0 Warning", "0 Unknown", "2 Healthy"], stageCounts);
        Assert.Equal("2 clusters · 5 services", Text(Card(cut, "prod").QuerySelector(".env-card-meta")!));
    }

    [Fact]
    public void Matrix_has_a_row_per_service_and_a_cell_per_environment()
    {
        var cut = Render<FleetOverviewPage>();

        var rows = cut.FindAll(".matrix table tbody tr");
        Assert.Equal(
            ["checkout-api", "orders-api", "recommendations-api", "report-worker", "search-api", "tracking-api"],
            rows.Select(r => r.GetAttribute("data-service")));
        Assert.Equal(["Service", "dev", "stage", "prod", "Drift"], cut.FindAll(".matrix table thead th").Select(h => Text(h).Replace(" · protected", "", StringComparison.Ordinal)));

        var checkout = Cells(cut, "checkout-api");
        Assert.Equal(4, checkout.Count); // dev, stage, prod, drift
        Assert.Equal("Healthy r15 2.4.0", Text(checkout[0]));
        Assert.Equal("Healthy r14 2.3.1", Text(checkout[1]));
        Assert.Equal("Critical r12 2.3.0", Text(checkout[2]));
        Assert.Equal("environments/prod/clusters/main/services/checkout-api", checkout[2].QuerySelector("a.cell-link")!.GetAttribute("href"));
        Assert.Equal("Running 0 of 3 tasks for 5 min", checkout[2].QuerySelector(".health")!.GetAttribute("title"));
    }

    [Fact]
    public void Matrix_marks_an_environment_without_the_service_as_absent()
    {
        var cut = Render<FleetOverviewPage>();

        var recommendations = Cells(cut, "recommendations-api");
        Assert.Equal("Healthy r3 0.3.0", Text(recommendations[0]));
        Assert.Equal("—", Text(recommendations[1]));
        Assert.Equal("Not deployed in stage", recommendations[1].QuerySelector(".absent")!.GetAttribute("title"));
        Assert.Equal("—", Text(recommendations[2]));
        Assert.Empty(recommendations[2].QuerySelectorAll("a"));
    }

    [Fact]
    public void Drift_names_how_many_revisions_each_environment_trails_the_one_before()
    {
        var cut = Render<FleetOverviewPage>();

        Assert.Equal("stage is 1 revision behind dev; prod is 2 revisions behind stage", Drift(cut, "checkout-api"));
        Assert.Equal("in step", Drift(cut, "tracking-api"));
        Assert.Equal("in step", Drift(cut, "orders-api"));
    }

    [Fact]
    public void Drift_compares_only_the_environments_that_run_the_service()
    {
        Fleet.Put(Environment(Dev, Fresh, View(Dev, "checkout-api", 20, "3.0.0")));
        Fleet.Put(Environment(Stage, Fresh));
        Fleet.Put(Environment(Prod, Fresh, View(Prod, "checkout-api", 17, "2.9.0")));

        var cut = Render<FleetOverviewPage>();

        Assert.Equal("prod is 3 revisions behind dev", Drift(cut, "checkout-api"));
    }

    [Fact]
    public void A_service_name_used_in_two_clusters_of_one_environment_shows_the_instance_needing_most_attention()
    {
        // ECS service names are unique per cluster, not per account.
        Fleet.Put(Environment(Prod, Fresh,
            View(Prod, "log-router", 4, "2.1.0", HealthLevel.Healthy, "prod-api"),
            View(Prod, "log-router", 3, "2.0.0", HealthLevel.Warning, "prod-batch", "CPU at 81% (warning above 75%)")));
        Fleet.Put(Environment(Stage, Fresh, View(Stage, "log-router", 4, "2.1.0", HealthLevel.Healthy, "stage-api")));

        var cut = Render<FleetOverviewPage>();

        var cells = Cells(cut, "log-router");
        Assert.Equal("Warning r3 2.0.0", Text(cells[2]));
        Assert.Equal("environments/prod/clusters/prod-batch/services/log-router", cells[2].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("prod is 1 revision behind stage", Drift(cut, "log-router"));
        Assert.Equal(["1 Warning", "1 Healthy"], [Text(Card(cut, "prod").QuerySelector(".count-warning")!), Text(Card(cut, "prod").QuerySelector(".count-healthy")!)]);
    }

    [Fact]
    public void A_rollout_in_progress_is_marked_in_its_cell()
    {
        var service = Service(Prod, "checkout-api", 13, "2.4.0");
        service = service with
        {
            Deployments = [Deployment("ecs-svc/2", "PRIMARY", service.TaskDefinition.Arn, RolloutState.InProgress, Now.AddMinutes(-3), running: 1)],
        };
        Fleet.Put(Environment(Prod, Fresh, View(Prod, service, Health(HealthLevel.Healthy))));

        var cut = Render<FleetOverviewPage>();

        Assert.Equal("rolling out", Text(Cells(cut, "checkout-api")[2].QuerySelector(".rolling")!));
        Assert.Empty(Cells(cut, "checkout-api")[1].QuerySelectorAll(".rolling"));
    }

    [Fact]
    public void A_stale_environment_says_so_with_the_last_error()
    {
        Fleet.Put(Environment(Stage, Stale("AccessDenied: not authorized to perform ecs:ListClusters"),
            View(Stage, "checkout-api", 14, "2.3.1")));

        var cut = Render<FleetOverviewPage>();

        var note = Card(cut, "stage").QuerySelector(".freshness")!;
        Assert.Contains("stale", note.ClassList);
        Assert.Equal("Stale: updated 20 min ago; last refresh failed: AccessDenied: not authorized to perform ecs:ListClusters", Text(note));
        Assert.Equal("Updated 30 s ago", Text(Card(cut, "prod").QuerySelector(".freshness")!));
    }

    [Fact]
    public void An_environment_without_a_snapshot_shows_it_is_loading_and_no_counts()
    {
        Fleet.Put(Loading(Stage));

        var cut = Render<FleetOverviewPage>();

        var card = Card(cut, "stage");
        Assert.Equal("Loading the first snapshot…", Text(card.QuerySelector(".freshness")!));
        Assert.Null(card.QuerySelector(".env-card-counts"));
        Assert.Equal("—", Text(Cells(cut, "tracking-api")[1]));
    }

    [Fact]
    public void When_no_environment_could_be_read_the_matrix_says_so_and_points_to_the_doctor()
    {
        Fleet.Put(Loading(Dev, "AccessDeniedException: not authorized"));
        Fleet.Put(Loading(Stage, "STS could not be reached"));
        Fleet.Put(Loading(Prod, "ExpiredToken: the security token included in the request is expired"));

        var cut = Render<FleetOverviewPage>();

        Assert.StartsWith("No services to show: no environment could be read yet.", Text(cut.Find("p.empty")), StringComparison.Ordinal);
        Assert.Equal("admin/doctor", cut.Find("p.empty a").GetAttribute("href"));
    }

    [Fact]
    public void Before_any_snapshot_the_matrix_says_the_first_snapshots_are_being_read()
    {
        Fleet.Put(Loading(Dev));
        Fleet.Put(Loading(Stage));
        Fleet.Put(Loading(Prod, "ExpiredToken: the security token included in the request is expired"));

        var cut = Render<FleetOverviewPage>();

        Assert.Equal("No services yet: the first snapshots are being read.", Text(cut.Find("p.empty")));
        Assert.Empty(cut.FindAll(".matrix table"));
        Assert.Equal(
            "No data yet: ExpiredToken: the security token included in the request is expired",
            Text(cut.Find(".env-card[data-environment=prod] .freshness")));
    }

    [Fact]
    public async Task Re_renders_with_new_counts_when_the_fleet_view_reports_a_refresh()
    {
        var cut = Render<FleetOverviewPage>();
        Assert.Equal("1 Critical", Text(Card(cut, "prod").QuerySelector(".count-critical")!));

        Fleet.Replace(Environment(Prod, Fresh,
            View(Prod, "checkout-api", 13, "2.3.1"),
            View(Prod, "tracking-api", 8, "1.4.2", HealthLevel.Warning, "main", "Alarm tracking-api-latency-warning in ALARM since 9 min ago"),
            View(Prod, "search-api", 5, "3.0.1", HealthLevel.Critical, "main", "Running 0 of 2 tasks for 3 min"),
            View(Prod, "orders-api", 30, "5.1.0", HealthLevel.Critical, "main", "CPU at 97% (critical above 90%)"),
            View(Prod, "report-worker", 9, "0.9.0", HealthLevel.Healthy, "batch")));

        await cut.WaitForStateAsync(() => Text(Card(cut, "prod").QuerySelector(".count-critical")!) != "1 Critical");
        Assert.Equal(["2 Critical", "1 Warning", "0 Unknown", "2 Healthy"], Card(cut, "prod").QuerySelectorAll(".count").Select(Text));
        Assert.Equal("Healthy r13 2.3.1", Text(Cells(cut, "checkout-api")[2]));
        Assert.Equal("prod is 1 revision behind stage", Drift(cut, "checkout-api").Split("; ")[1]);
    }

    [Fact]
    public async Task An_environment_whose_first_snapshot_arrives_replaces_the_loading_note_with_counts()
    {
        Fleet.Put(Loading(Stage));
        var cut = Render<FleetOverviewPage>();
        Assert.Equal("Loading the first snapshot…", Text(Card(cut, "stage").QuerySelector(".freshness")!));

        Fleet.Replace(Environment(Stage, Fresh, View(Stage, "checkout-api", 14, "2.3.1", HealthLevel.Warning, "main", "CPU at 80% (warning above 75%)")));

        await cut.WaitForStateAsync(() => Card(cut, "stage").QuerySelector(".env-card-counts") is not null);
        Assert.Equal("1 Warning", Text(Card(cut, "stage").QuerySelector(".count-warning")!));
        Assert.Equal("Updated 30 s ago", Text(Card(cut, "stage").QuerySelector(".freshness")!));
        Assert.Equal("Warning r14 2.3.1", Text(Cells(cut, "checkout-api")[1]));
    }

    [Fact]
    public async Task Relative_times_move_on_between_refreshes()
    {
        var cut = Render<FleetOverviewPage>();
        Assert.Equal("Updated 30 s ago", Text(Card(cut, "prod").QuerySelector(".freshness")!));

        Clock.Advance(TimeSpan.FromMinutes(10));

        // The page re-renders on its own every 5 s (a real timer), with no refresh from the fleet view.
        await cut.WaitForStateAsync(() => Text(Card(cut, "prod").QuerySelector(".freshness")!) == "Updated 10 min ago", TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Stops_listening_to_the_fleet_view_when_disposed()
    {
        Render<FleetOverviewPage>();
        Assert.Equal(1, Fleet.ChangedSubscribers);

        await DisposeComponentsAsync();

        Assert.Equal(0, Fleet.ChangedSubscribers);
        Fleet.RaiseChanged("prod");
    }

    [Fact]
    public void Needs_attention_comes_first_with_critical_services_before_warnings()
    {
        var cut = Render<FleetOverviewPage>();

        Assert.Equal(
            ["needs-attention", "env-cards"],
            cut.FindAll("section.needs-attention, section.env-cards").Select(s => s.ClassList[0]));
        Assert.Equal(["Critical", "Warning"], cut.FindAll(".attention-group").Select(g => g.GetAttribute("data-level")));
        Assert.Equal(
            ["checkout-api", "orders-api", "tracking-api"],
            cut.FindAll(".attention-item").Select(i => i.GetAttribute("data-service")));
        Assert.All(cut.FindAll(".attention-item"), i => Assert.Equal("prod", i.GetAttribute("data-environment")));
        Assert.Contains("Running 0 of 3 tasks for 5 min", Text(cut.FindAll(".attention-item")[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_healthy_fleet_says_nothing_needs_attention()
    {
        Fleet.Put(Environment(Prod, Fresh, View(Prod, "search-api", 5, "3.0.1")));

        var cut = Render<FleetOverviewPage>();

        Assert.Empty(cut.FindAll(".attention-item"));
        Assert.Contains("Nothing needs attention", Text(cut.Find(".needs-attention")), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_count_opens_the_environments_list_filtered_to_that_health()
    {
        var cut = Render<FleetOverviewPage>();

        var critical = Card(cut, "prod").QuerySelector(".count[data-level=Critical]")!;
        Assert.Equal("environments/prod?health=critical", critical.GetAttribute("href"));
        Assert.Equal("environments/stage?health=warning", Card(cut, "stage").QuerySelector(".count[data-level=Warning]")!.GetAttribute("href"));
    }

    [Fact]
    public void The_search_finds_a_service_in_another_environment_and_links_to_it()
    {
        var cut = Render<FleetOverviewPage>();
        Assert.Empty(cut.FindAll(".search-result"));

        cut.Find(".fleet-search input").Input("recommend");

        var result = cut.WaitForElement(".search-result");
        Assert.Equal("dev", result.GetAttribute("data-environment"));
        Assert.Equal("environments/dev/clusters/main/services/recommendations-api", result.GetAttribute("href") ?? result.QuerySelector("a")!.GetAttribute("href"));
        Assert.Single(cut.FindAll(".search-result"));
    }

    [Fact]
    public void The_search_lists_a_name_in_every_environment_that_runs_it_worst_first()
    {
        var cut = Render<FleetOverviewPage>();

        cut.Find(".fleet-search input").Input("checkout");

        cut.WaitForAssertion(() => Assert.Equal(
            ["prod", "dev", "stage"],
            cut.FindAll(".search-result").Select(r => r.GetAttribute("data-environment"))));
    }

    [Fact]
    public void The_first_paint_draws_only_the_first_rows_of_a_large_matrix()
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", isInteractive: false));
        Fleet.Put(Environment(Prod, Fresh, [.. Enumerable.Range(1, 120).Select(i => View(Prod, $"service-{i:000}", 1, "1.0.0"))]));

        var cut = Render<FleetOverviewPage>();

        var rows = cut.FindAll(".matrix table tbody tr");
        Assert.InRange(rows.Count, 1, 60);
        var names = rows.Select(r => r.GetAttribute("data-service")!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal("checkout-api", names[0]);
        Assert.Contains("123 services", Text(cut.Find(".matrix-summary")), StringComparison.Ordinal);
    }

    private static IElement Card(IRenderedComponent<FleetOverviewPage> cut, string environment) =>
        cut.Find($".env-card[data-environment={environment}]");

    /// <summary>The row's cells after the service name: one per environment, then the drift.</summary>
    private static List<IElement> Cells(IRenderedComponent<FleetOverviewPage> cut, string service) =>
        [.. cut.Find($".matrix table tr[data-service={service}]").QuerySelectorAll("td")];

    private static string Drift(IRenderedComponent<FleetOverviewPage> cut, string service) =>
        Text(cut.Find($".matrix table tr[data-service={service}] td.drift"));
}
