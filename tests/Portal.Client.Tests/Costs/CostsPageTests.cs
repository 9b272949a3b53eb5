using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client.Costs;
using Portal.Client.Tests.Support;
using Portal.Shared.Access;
using static Portal.Client.Tests.Support.Dom;

namespace Portal.Client.Tests.Costs;

public sealed class CostsPageTests : PortalTestContext
{
    [Fact]
    public void Shows_month_to_date_forecast_and_change_per_account_with_a_total()
    {
        Costs.WithStandardBill();

        var cut = Render<CostsPage>();

        var rows = cut.FindAll(".cost-accounts table tbody tr");
        Assert.Equal(["dev", "stage", "prod"], rows.Select(r => r.GetAttribute("data-environment")));
        var prod = rows.Single(r => r.GetAttribute("data-environment") == "prod");

        // This month: 3 services × growth 1.24 × scale 5 = (300 + 200 + 40) × 1.24 × 5.
        Assert.Equal("$3,348.00", Text(prod.QuerySelector(".mtd")!));
        // Month end: month to date, less today's billed 50 (the forecast covers today whole), plus the forecast of 2,500.
        Assert.Equal("$5,798.00", Text(prod.QuerySelector(".forecast")!));
        Assert.Equal("$5,356.80", Text(cut.Find(".cost-accounts table tfoot .total")));
    }

    [Fact]
    public void Marks_the_current_month_estimated_and_shows_thirteen_months()
    {
        Costs.WithStandardBill();

        var cut = Render<CostsPage>();

        var chart = cut.FindComponent<MudChart<double>>().Instance;
        Assert.Equal(13, chart.ChartLabels.Length);
        Assert.Equal(["Jun 25*"], chart.ChartLabels.Where(l => l.EndsWith('*')));
        Assert.Equal("Jun 25*", chart.ChartLabels[^1]);
        Assert.Equal(["dev", "stage", "prod"], chart.ChartSeries.Select(s => s.Name));
        Assert.Contains("June 2025 (estimated)", cut.Find(".month-chart").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void Highlights_the_anomalous_day_in_the_most_expensive_environment()
    {
        Costs.WithStandardBill();

        var cut = Render<CostsPage>();

        Assert.Equal("prod", cut.Find(".cost-environment input").GetAttribute("value"));
        Assert.Equal(["2025-05-27"], cut.FindAll(".day-bar.anomaly").Select(d => d.GetAttribute("data-day")));
        Assert.Contains("Anomaly on Tue 27 May 2025", Text(cut.Find(".anomaly-note")), StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_the_top_ecs_services_of_the_chosen_environment()
    {
        Costs.WithStandardBill();

        var popovers = Render<MudPopoverProvider>();
        var cut = Render<CostsPage>();
        Assert.Equal(["checkout-api", "search-api", "report-worker"], cut.FindAll(".cost-ecs-services table tbody tr").Select(r => r.GetAttribute("data-service")));
        Assert.Equal(["dev", "stage", "prod"], Selects.Choices(popovers, cut, ".cost-environment input"));

        Selects.Choose(popovers, cut, ".cost-environment input", "dev");

        Assert.Equal(["checkout-api"], cut.FindAll(".cost-ecs-services table tbody tr").Select(r => r.GetAttribute("data-service")));
        Assert.Empty(cut.FindAll(".day-bar.anomaly"));
    }

    [Fact]
    public void A_dev_only_developer_sees_only_dev()
    {
        Access = new InMemoryPortalAccess(new Person("dmitri", "Dmitri Volkov", [new("dev", "Deployer")]), ["dev"]);
        Costs.WithStandardBill();
        Costs.Visible = [TestFleet.Dev];

        var cut = Render<CostsPage>();

        Assert.Equal(["dev"], cut.FindAll(".cost-accounts table tbody tr").Select(r => r.GetAttribute("data-environment")));
        Assert.Empty(cut.FindAll(".cost-accounts table tfoot"));
        Assert.Equal(["dev"], cut.FindComponent<MudChart<double>>().Instance.ChartSeries.Select(s => s.Name));
        Assert.Empty(cut.FindAll("button.refresh-costs"));
    }

    [Fact]
    public void An_administrator_can_refresh_and_sees_how_many_requests_it_took()
    {
        Costs.WithStandardBill();

        var cut = Render<CostsPage>();
        cut.Find("button.refresh-costs").Click();

        cut.WaitForAssertion(() => Assert.Equal(1, Costs.Refreshes));
        Assert.Contains((PortalAction.RunDoctor, RoleCapabilities.PortalWide), Access.Authorized);
        var outcome = Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.Equal("Costs refreshed with 7 Cost Explorer requests.", outcome.Message);
        Assert.Equal(Severity.Success, outcome.Severity);
    }

    [Fact]
    public void Says_so_when_no_costs_have_arrived_yet()
    {
        Costs.Freshness = new Portal.Shared.Costs.CostFreshness(null, null, TestFleet.Now.AddMinutes(-2), "ce:GetCostAndUsage failed: AccessDeniedException", null);

        var cut = Render<CostsPage>();

        Assert.Contains("No costs yet", Text(cut.Find(".empty")), StringComparison.Ordinal);
        Assert.Contains("AccessDeniedException", Text(cut.Find(".cost-freshness")), StringComparison.Ordinal);
    }

    [Fact]
    public void Offers_the_csv_export()
    {
        Costs.WithStandardBill();

        var cut = Render<CostsPage>();

        Assert.Equal("api/costs.csv", cut.Find("a.export-csv").GetAttribute("href"));
    }

    [Fact]
    public void The_service_panel_shows_that_services_cost()
    {
        Costs.WithStandardBill();

        var cut = Render<ServiceCostPanel>(p => p.Add(c => c.Environment, "prod").Add(c => c.Service, "checkout-api"));

        Assert.Equal("$120.50", Text(cut.Find("[data-cost=month-to-date]")));
        Assert.Equal("$1,205.00", Text(cut.Find("[data-cost=last-month]")));
    }

    [Fact]
    public void The_service_panel_says_when_no_cost_is_known()
    {
        var cut = Render<ServiceCostPanel>(p => p.Add(c => c.Environment, "prod").Add(c => c.Service, "unknown-api"));

        Assert.Contains("No cost is known", Text(cut.Find(".service-cost .no-cost")), StringComparison.Ordinal);
    }
}
