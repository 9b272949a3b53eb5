using Portal.Shared.Access;
using Portal.Shared.Costs;
using Portal.Shared.Environments;

namespace Portal.Client.Tests.Support;

/// <summary>
/// The cost view for component tests: the real aggregation over cost lines held in memory, for the
/// environments a test makes visible. Refreshing asks the access in use, as the server's view does.
/// </summary>
public sealed class InMemoryCostView(IPortalAccess access) : ICostView
{
    public event Action? Changed;

    public List<CostLine> Lines { get; } = [];

    public IReadOnlyList<EnvironmentInfo> Visible { get; set; } = [TestFleet.Dev, TestFleet.Stage, TestFleet.Prod];

    public CostFreshness Freshness { get; set; } = new(TestFleet.Now.AddHours(-1), 7, TestFleet.Now.AddHours(-1), null, TestFleet.Now.AddHours(5));

    public DateOnly Today { get; set; } = DateOnly.FromDateTime(TestFleet.Now.UtcDateTime);

    public int Refreshes { get; private set; }

    public Task<CostReport> GetReportAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(CostAggregation.Build(Lines, Visible, Today, Freshness));

    public async Task<EcsServiceCost?> GetServiceCostAsync(string environment, string service, CancellationToken cancellationToken = default) =>
        (await GetReportAsync(cancellationToken)).EcsServices.FirstOrDefault(s => s.Environment == environment && s.Service == service);

    public async Task<CostRefreshResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var decision = await access.AuthorizeAsync(PortalAction.RunDoctor, RoleCapabilities.PortalWide, "costs", null, cancellationToken);
        if (!decision.Allowed)
        {
            return new CostRefreshResult(false, 0, decision.Reason ?? "refused");
        }

        Refreshes++;
        Changed?.Invoke();
        return new CostRefreshResult(true, 7, "Costs refreshed with 7 Cost Explorer requests.");
    }

    /// <summary>
    /// A plausible bill for dev, stage and prod: 13 months by AWS service, last month and this month
    /// by day (prod has one day at four times its usual), ECS services, and a forecast.
    /// </summary>
    public InMemoryCostView WithStandardBill()
    {
        var thisMonth = new DateOnly(Today.Year, Today.Month, 1);
        var accounts = new[] { (TestFleet.AccountDev, 1m), (TestFleet.AccountStage, 2m), (TestFleet.AccountProd, 5m) };
        foreach (var (account, scale) in accounts)
        {
            for (var m = -12; m <= 0; m++)
            {
                var start = thisMonth.AddMonths(m);
                var end = m == 0 ? Today.AddDays(1) : start.AddMonths(1);
                var growth = 1m + ((m + 12) * 0.02m);
                Lines.Add(Line(CostSeries.MonthlyByService, start, end, account, "Amazon Elastic Container Service", 300m * scale * growth, m == 0));
                Lines.Add(Line(CostSeries.MonthlyByService, start, end, account, "Amazon Relational Database Service", 200m * scale * growth, m == 0));
                Lines.Add(Line(CostSeries.MonthlyByService, start, end, account, "AmazonCloudWatch", 40m * scale * growth, m == 0));
            }

            for (var day = thisMonth.AddMonths(-1); day <= Today; day = day.AddDays(1))
            {
                var amount = 10m * scale * (account == TestFleet.AccountProd && day == Today.AddDays(-6) ? 4m : 1m);
                Lines.Add(Line(CostSeries.DailyByService, day, day.AddDays(1), account, "Amazon Elastic Container Service", amount, day >= thisMonth));
            }

            Lines.Add(Line(CostSeries.Forecast, Today, thisMonth.AddMonths(1), account, string.Empty, 500m * scale, true));
        }

        foreach (var (service, amount) in new[] { ("checkout-api", 120.5m), ("search-api", 80.25m), ("report-worker", 12m) })
        {
            Lines.Add(Line(CostSeries.MonthlyByEcsService, thisMonth, Today.AddDays(1), TestFleet.AccountProd, service, amount, true));
            Lines.Add(Line(CostSeries.MonthlyByEcsService, thisMonth.AddMonths(-1), thisMonth, TestFleet.AccountProd, service, amount * 10, false));
        }

        Lines.Add(Line(CostSeries.MonthlyByEcsService, thisMonth, Today.AddDays(1), TestFleet.AccountDev, "checkout-api", 9.99m, true));
        return this;
    }

    private static CostLine Line(CostSeries series, DateOnly start, DateOnly end, string account, string key, decimal amount, bool estimated) =>
        new(series, start, end, account, key, amount, "USD", estimated);
}
