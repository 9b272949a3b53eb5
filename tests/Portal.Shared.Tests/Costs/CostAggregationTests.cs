using Portal.Shared.Costs;
using Portal.Shared.Environments;

namespace Portal.Shared.Tests.Costs;

public sealed class CostAggregationTests
{
    private static readonly EnvironmentInfo Dev = new("dev", "111111111111", "eu-west-1", EnvironmentColour.Green, false);
    private static readonly EnvironmentInfo Prod = new("prod", "333333333333", "eu-west-1", EnvironmentColour.Red, true);
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly DateOnly ThisMonth = new(2026, 11, 1);

    private static readonly CostLine[] Lines =
    [
        Monthly(Dev.AccountId, "Amazon Elastic Container Service", 10.10m),
        Monthly(Dev.AccountId, "AmazonCloudWatch", 0.05m),
        Monthly(Prod.AccountId, "Amazon Elastic Container Service", 100.33m),
        Monthly(Prod.AccountId, "Amazon Relational Database Service", 50.01m),
        Monthly(Prod.AccountId, "Amazon Elastic Container Service", 90m, ThisMonth.AddMonths(-1)),
        new(CostSeries.MonthlyByEcsService, ThisMonth, Today.AddDays(1), Prod.AccountId, "orders-api", 60.30m, "USD", true),
        new(CostSeries.MonthlyByEcsService, ThisMonth, Today.AddDays(1), Prod.AccountId, "", 90.04m, "USD", true),
        new(CostSeries.Forecast, Today, ThisMonth.AddMonths(1), Prod.AccountId, "", 40m, "USD", true),
    ];

    [Fact]
    public void Accounts_add_up_to_the_total_in_exact_decimals()
    {
        var report = CostAggregation.Build(Lines, [Dev, Prod], Today, CostFreshness.Never);

        Assert.Equal(new Money(10.15m, "USD"), report.Account("dev")!.MonthToDate);
        Assert.Equal(new Money(150.34m, "USD"), report.Account("prod")!.MonthToDate);
        Assert.Equal(new Money(160.49m, "USD"), report.MonthToDate);
        Assert.Equal(report.MonthToDate, report.Months[^1].Total);
        Assert.Equal(new Money(190.34m, "USD"), report.Account("prod")!.MonthEndForecast);
        Assert.Null(report.MonthEndForecast);
    }

    [Fact]
    public void The_month_end_forecast_counts_today_once()
    {
        // Cost Explorer's month to date (end tomorrow, exclusive) holds today's 6.00 so far; its forecast starts
        // today and forecasts today whole. The month end is what was billed before today plus the forecast.
        CostLine[] lines =
        [
            Monthly(Prod.AccountId, "Amazon Elastic Container Service", 150m),
            Daily(Prod.AccountId, "Amazon Elastic Container Service", Today.AddDays(-1), 7m),
            Daily(Prod.AccountId, "Amazon Elastic Container Service", Today, 4m),
            Daily(Prod.AccountId, "AmazonCloudWatch", Today, 2m),
            new(CostSeries.Forecast, Today, ThisMonth.AddMonths(1), Prod.AccountId, "", 40m, "USD", true),
        ];

        var report = CostAggregation.Build(lines, [Prod], Today, CostFreshness.Never);

        Assert.Equal(new Money(150m, "USD"), report.Account("prod")!.MonthToDate);
        Assert.Equal(new Money(184m, "USD"), report.Account("prod")!.MonthEndForecast);
    }

    [Fact]
    public void The_month_end_forecast_before_any_of_today_is_billed_is_the_month_to_date_plus_the_forecast()
    {
        CostLine[] lines =
        [
            Monthly(Prod.AccountId, "Amazon Elastic Container Service", 150m),
            Daily(Prod.AccountId, "Amazon Elastic Container Service", Today.AddDays(-1), 7m),
            new(CostSeries.Forecast, Today, ThisMonth.AddMonths(1), Prod.AccountId, "", 40m, "USD", true),
        ];

        var report = CostAggregation.Build(lines, [Prod], Today, CostFreshness.Never);

        Assert.Equal(new Money(190m, "USD"), report.Account("prod")!.MonthEndForecast);
    }

    [Fact]
    public void The_forecast_says_which_days_it_covers_when_the_report_is_dated_after_the_refresh()
    {
        // Refreshed just before midnight, read just after: the forecast still starts on the refresh's day.
        var refreshDay = Today.AddDays(-1);
        CostLine[] lines =
        [
            Monthly(Prod.AccountId, "Amazon Elastic Container Service", 150m),
            Daily(Prod.AccountId, "Amazon Elastic Container Service", refreshDay, 9m),
            new(CostSeries.Forecast, refreshDay, ThisMonth.AddMonths(1), Prod.AccountId, "", 40m, "USD", true),
        ];

        var report = CostAggregation.Build(lines, [Prod], Today, CostFreshness.Never);

        Assert.Equal(new Money(181m, "USD"), report.Account("prod")!.MonthEndForecast);
    }

    [Fact]
    public void Groups_are_per_service_and_untagged_costs_are_not_an_ecs_service()
    {
        var report = CostAggregation.Build(Lines, [Dev, Prod], Today, CostFreshness.Never);

        Assert.Equal(["Amazon Elastic Container Service", "Amazon Relational Database Service"], report.Account("prod")!.TopServices.Select(s => s.Name));
        Assert.Equal(["orders-api"], report.EcsServices.Select(s => s.Service));
        Assert.Equal(new Money(90m, "USD"), report.Account("prod")!.LastMonth);
        Assert.Equal([ThisMonth.AddMonths(-1), ThisMonth], report.Months.Select(m => m.Start));
        Assert.Equal([false, true], report.Months.Select(m => m.Estimated));
    }

    [Fact]
    public void Only_the_accounts_given_appear_and_the_csv_holds_only_them()
    {
        var report = CostAggregation.Build(Lines, [Dev], Today, CostFreshness.Never);
        var csv = CostCsv.Write(Lines, new Dictionary<string, string> { [Dev.AccountId] = "dev" });

        Assert.Equal(["dev"], report.Accounts.Select(a => a.Environment.Name));
        Assert.Empty(report.EcsServices);
        Assert.All(report.Months, m => Assert.Equal(["dev"], m.ByAccount.Select(a => a.Environment)));
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain(Prod.AccountId, csv, StringComparison.Ordinal);
        Assert.Contains("2026-11-01,2026-11-23,true,dev,111111111111,monthly-aws-service,AmazonCloudWatch,0.05,USD", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spike_well_above_the_median_of_the_days_before_is_an_anomaly_and_a_weekend_dip_is_not()
    {
        var days = Enumerable.Range(0, 30).Select(i => i % 7 is 5 or 6 ? 60m : 100m).ToList();
        days[20] = 150m;

        Assert.Equal([20], CostAnomalies.Detect(days));
        days[20] = 125m;
        Assert.Empty(CostAnomalies.Detect(days));
    }

    [Fact]
    public void Money_shows_cents_and_refuses_to_mix_currencies()
    {
        Assert.Equal("$1,234.57", new Money(1234.565m, "USD").Display());
        Assert.Equal("12.00 EUR", new Money(12m, "EUR").Display());
        Assert.Throws<InvalidOperationException>(() => new Money(1m, "USD") + new Money(1m, "EUR"));
    }

    private static CostLine Daily(string account, string service, DateOnly day, decimal amount) =>
        new(CostSeries.DailyByService, day, day.AddDays(1), account, service, amount, "USD", true);

    private static CostLine Monthly(string account, string service, decimal amount, DateOnly? start = null) =>
        new(CostSeries.MonthlyByService, start ?? ThisMonth, start is null ? Today.AddDays(1) : ThisMonth, account, service, amount, "USD", start is null);
}
