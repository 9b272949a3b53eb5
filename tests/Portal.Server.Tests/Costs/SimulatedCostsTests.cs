using Portal.Server.Cloud;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;
using Portal.Shared.Costs;
using static Portal.Server.Cloud.CostExplorer.CostExplorerNames;

namespace Portal.Server.Tests.Costs;

public sealed class SimulatedCostsTests
{
    private static readonly CloudCaller Ops = new("210987654321", "us-east-1", Seeds.PortalReadRole, "portal-costs");
    private readonly ManualTimeProvider _time = new(Seeds.Start);
    private readonly SimulatedCosts _costs;
    private readonly SimulatedCostExplorer _explorer;

    public SimulatedCostsTests()
    {
        var seed = Seeds.Real;
        _costs = new SimulatedCosts(seed, new SimulationOptions().RandomSeed, Seeds.Start);
        _explorer = new SimulatedCostExplorer(_costs, seed, new SimulatedIam(seed.Identity.Roles), _time);
    }

    private static DateOnly Today => DateOnly.FromDateTime(Seeds.Start.UtcDateTime);

    [Fact]
    public async Task There_are_thirteen_months_of_costs_for_every_environment_account()
    {
        var monthly = await MonthlyByAccountAsync(new DateOnly(2024, 11, 1));

        var months = monthly.Select(l => l.Start).Distinct().Order().ToList();
        Assert.Equal(13, months.Count);
        Assert.Equal(new DateOnly(2025, 11, 1), months[0]);
        Assert.Equal(new DateOnly(2026, 11, 1), months[^1]);
        Assert.All(months, month => Assert.Equal(
            [Seeds.DevAccount, Seeds.StageAccount, Seeds.ProdAccount],
            monthly.Where(l => l.Start == month && l.Amount > 0).Select(l => l.AccountId).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task The_bill_grows_about_three_percent_a_month()
    {
        // Two Septembers a year apart: the same length, about 3% a month compounds to about 43%.
        var before = await TotalAsync(Seeds.ProdAccount, new DateOnly(2025, 11, 1), new DateOnly(2025, 12, 1));
        var after = await TotalAsync(Seeds.ProdAccount, new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1));
        Assert.InRange(after / before, 1.25m, 1.45m);

        var monthly = (await MonthlyByAccountAsync(new DateOnly(2025, 11, 1))).Where(l => l.AccountId == Seeds.ProdAccount).OrderBy(l => l.Start).ToList();
        Assert.True(monthly[^2].Amount > monthly[0].Amount * 1.2m, $"{monthly[^2].Amount} against {monthly[0].Amount}");
    }

    [Fact]
    public async Task Dev_costs_less_at_weekends()
    {
        var days = await DailyByAccountAsync(Seeds.DevAccount, new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));

        var weekend = days.Where(d => d.Start.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday).Average(d => d.Amount);
        var weekdays = days.Where(d => d.Start.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Average(d => d.Amount);
        Assert.True(weekend < weekdays * 0.85m, $"weekend {weekend:0.00} against weekdays {weekdays:0.00}");
    }

    [Fact]
    public async Task One_anomaly_is_found_in_prod_in_the_daily_window_and_nowhere_else()
    {
        var start = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1);
        var found = new List<(string Account, DateOnly Day)>();
        foreach (var account in new[] { Seeds.DevAccount, Seeds.StageAccount, Seeds.ProdAccount })
        {
            var days = await DailyByAccountAsync(account, start, Today);
            found.AddRange(CostAnomalies.Detect(days.Select(d => d.Amount).ToList()).Select(i => (account, days[i].Start)));
        }

        Assert.Equal([(Seeds.ProdAccount, _costs.AnomalyDay)], found);
        Assert.InRange(Today.DayNumber - _costs.AnomalyDay.DayNumber, 4, 8);
    }

    [Fact]
    public async Task Ecs_service_costs_add_up_to_the_ecs_line_of_each_account()
    {
        var period = new DateInterval(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));
        var byService = await AllAsync(new GetCostAndUsageRequest(period, Monthly, [UnblendedCost],
            [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByDimension(Service)]));
        var byTag = await AllAsync(new GetCostAndUsageRequest(period, Monthly, [UnblendedCost],
            [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByTag(SimulatedCostExplorer.EcsServiceTag)]));

        foreach (var account in new[] { Seeds.DevAccount, Seeds.StageAccount, Seeds.ProdAccount })
        {
            var ecs = byService.Single(g => g.Keys[0] == account && g.Keys[1] == SimulatedCosts.EcsService).Amount;
            var tagged = byTag.Where(g => g.Keys[0] == account && g.Keys[1] != SimulatedCostExplorer.EcsServiceTag + "$").Sum(g => g.Amount);
            Assert.Equal(ecs, tagged);
            Assert.Contains(byTag, g => g.Keys[0] == account && g.Keys[1] == "aws:ecs:serviceName$tracking-api");
        }
    }

    [Fact]
    public async Task Answers_are_the_same_for_the_same_seed_and_clock()
    {
        var period = new DateInterval(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));
        var request = new GetCostAndUsageRequest(period, Daily, [UnblendedCost], [GroupDefinition.ByDimension(LinkedAccount)]);
        var again = new SimulatedCostExplorer(new SimulatedCosts(Seeds.Real, new SimulationOptions().RandomSeed, Seeds.Start), Seeds.Real, new SimulatedIam(Seeds.Real.Identity.Roles), _time);

        Assert.Equal(
            (await AllAsync(request)).Select(g => (g.Start, string.Join('|', g.Keys), g.Amount)),
            (await AllAsync(request, again)).Select(g => (g.Start, string.Join('|', g.Keys), g.Amount)));
    }

    [Fact]
    public async Task A_member_account_sees_only_its_own_costs_and_a_role_without_ce_is_refused()
    {
        var period = new DateInterval(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));
        var request = new GetCostAndUsageRequest(period, Monthly, [UnblendedCost], [GroupDefinition.ByDimension(LinkedAccount)]);

        var dev = await _explorer.GetCostAndUsageAsync(new CloudCaller(Seeds.DevAccount, "us-east-1", "ReadOnly", "x"), request, CancellationToken.None);
        Assert.Equal([Seeds.DevAccount], dev.ResultsByTime.SelectMany(r => r.Groups).Select(g => g.Keys[0]).Distinct());
        await Assert.ThrowsAsync<CloudAccessDeniedException>(() =>
            _explorer.GetCostAndUsageAsync(new CloudCaller(Seeds.DevAccount, "us-east-1", "NoSuchRole", "x"), request, CancellationToken.None));
    }

    [Fact]
    public async Task The_forecast_covers_the_rest_of_the_month_and_is_in_line_with_the_month_so_far()
    {
        var monthEnd = new DateOnly(2026, 12, 1);
        var forecast = await _explorer.GetCostForecastAsync(Ops,
            new GetCostForecastRequest(new DateInterval(Today, monthEnd), ForecastUnblendedCost, Monthly, new DimensionFilter(LinkedAccount, [Seeds.ProdAccount])),
            CancellationToken.None);
        var soFar = await TotalAsync(Seeds.ProdAccount, new DateOnly(2026, 11, 1), Today.AddDays(1));

        // 21.5 days so far; the forecast covers today whole and the 8 days after it, as Cost Explorer's does.
        var perDaySoFar = soFar / 21.5m;
        var perDayAhead = forecast.Total.Amount / 9m;
        Assert.InRange(perDayAhead / perDaySoFar, 0.85m, 1.15m);
        await Assert.ThrowsAsync<CloudValidationException>(() => _explorer.GetCostForecastAsync(Ops,
            new GetCostForecastRequest(new DateInterval(Today.AddDays(-1), monthEnd), ForecastUnblendedCost, Monthly), CancellationToken.None));
    }

    [Fact]
    public async Task The_forecast_includes_its_first_day_whole_though_part_of_it_is_already_billed()
    {
        var today = await _explorer.GetCostForecastAsync(Ops,
            new GetCostForecastRequest(new DateInterval(Today, Today.AddDays(1)), ForecastUnblendedCost, Daily, new DimensionFilter(LinkedAccount, [Seeds.ProdAccount])),
            CancellationToken.None);
        var billedSoFar = await TotalAsync(Seeds.ProdAccount, Today, Today.AddDays(1));
        var yesterday = await TotalAsync(Seeds.ProdAccount, Today.AddDays(-1), Today);

        // Noon: half of today is billed, and the forecast is a whole day like yesterday.
        Assert.InRange(billedSoFar / yesterday, 0.4m, 0.6m);
        Assert.InRange(today.Total.Amount / yesterday, 0.85m, 1.15m);
    }

    private async Task<List<CostLine>> MonthlyByAccountAsync(DateOnly start)
    {
        var groups = await AllAsync(new GetCostAndUsageRequest(new DateInterval(start, Today.AddDays(1)), Monthly, [UnblendedCost],
            [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByDimension(Service)]));
        return groups.GroupBy(g => (g.Start, Account: g.Keys[0]))
            .Select(g => new CostLine(CostSeries.MonthlyByService, g.Key.Start, g.Key.Start, g.Key.Account, string.Empty, g.Sum(x => x.Amount), "USD", false))
            .ToList();
    }

    private async Task<List<CostLine>> DailyByAccountAsync(string account, DateOnly start, DateOnly end)
    {
        var groups = await AllAsync(new GetCostAndUsageRequest(new DateInterval(start, end), Daily, [UnblendedCost],
            [GroupDefinition.ByDimension(LinkedAccount)], new DimensionFilter(LinkedAccount, [account])));
        return groups.Select(g => new CostLine(CostSeries.DailyByService, g.Start, g.Start.AddDays(1), account, string.Empty, g.Amount, "USD", false)).OrderBy(l => l.Start).ToList();
    }

    private async Task<decimal> TotalAsync(string account, DateOnly start, DateOnly end) =>
        (await DailyByAccountAsync(account, start, end)).Sum(l => l.Amount);

    private Task<List<(DateOnly Start, IReadOnlyList<string> Keys, decimal Amount)>> AllAsync(GetCostAndUsageRequest request) => AllAsync(request, _explorer);

    private static async Task<List<(DateOnly Start, IReadOnlyList<string> Keys, decimal Amount)>> AllAsync(GetCostAndUsageRequest request, ICostExplorer explorer)
    {
        var all = new List<(DateOnly, IReadOnlyList<string>, decimal)>();
        string? token = null;
        do
        {
            var page = await explorer.GetCostAndUsageAsync(Ops, request with { NextPageToken = token }, CancellationToken.None);
            all.AddRange(page.ResultsByTime.SelectMany(r => r.Groups.Select(g => (r.TimePeriod.Start, g.Keys, g.Metrics[UnblendedCost].Amount))));
            token = page.NextPageToken;
        }
        while (token is not null);

        return all;
    }
}
