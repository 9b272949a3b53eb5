using Portal.Shared.Environments;

namespace Portal.Shared.Costs;

/// <summary>
/// Turns Cost Explorer's answers into the report a person sees: per account, per month, per AWS
/// service, per ECS service, per day. Pure: everything it needs is passed in, and only the accounts
/// of the environments given appear in the result.
/// </summary>
public static class CostAggregation
{
    public const string DefaultCurrency = "USD";

    /// <summary>Top AWS services shown per account; the rest are summed as "Other".</summary>
    public const int TopServiceCount = 6;

    public const string OtherServices = "Other";

    public static CostReport Build(
        IEnumerable<CostLine> lines,
        IReadOnlyList<EnvironmentInfo> environments,
        DateOnly today,
        CostFreshness freshness)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(environments);
        ArgumentNullException.ThrowIfNull(freshness);

        var accounts = environments.ToDictionary(e => e.AccountId, StringComparer.Ordinal);
        var visible = lines.Where(l => accounts.ContainsKey(l.AccountId)).ToList();
        var currency = visible.Select(l => l.Currency).FirstOrDefault(c => !string.IsNullOrEmpty(c)) ?? DefaultCurrency;
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var lastMonth = thisMonth.AddMonths(-1);

        var monthly = visible.Where(l => l.Series == CostSeries.MonthlyByService).ToList();
        var daily = visible.Where(l => l.Series == CostSeries.DailyByService).ToList();

        var accountCosts = environments.Select(environment =>
        {
            var mine = monthly.Where(l => l.AccountId == environment.AccountId).ToList();
            var myDays = daily.Where(l => l.AccountId == environment.AccountId).ToList();
            var monthToDate = Sum(mine.Where(l => l.Start == thisMonth), currency);
            var previous = Sum(mine.Where(l => l.Start == lastMonth), currency);

            // The same number of days of last month as have begun this month, so a change is like for like.
            var elapsedDays = today.DayNumber - thisMonth.DayNumber + 1;
            var sameDays = Sum(myDays.Where(l => l.Start >= lastMonth && l.Start < lastMonth.AddDays(elapsedDays) && l.Start < thisMonth), currency);
            var forecast = MonthEnd(monthToDate, myDays, visible.Where(l => l.Series == CostSeries.Forecast && l.AccountId == environment.AccountId).ToList(), currency);

            return new AccountCost(environment, monthToDate, previous, sameDays, forecast,
                TopServices(mine.Where(l => l.Start == thisMonth), currency), Days(myDays, currency));
        }).ToList();

        var months = monthly.Select(l => l.Start).Distinct().Order()
            .Select(start => new MonthCost(
                start,
                monthly.Any(l => l.Start == start && l.Estimated) || start >= thisMonth,
                environments.Select(e => new AccountAmount(e.Name, Sum(monthly.Where(l => l.Start == start && l.AccountId == e.AccountId), currency))).ToList()))
            .ToList();

        var ecsServices = visible.Where(l => l.Series == CostSeries.MonthlyByEcsService && l.Key.Length > 0)
            .GroupBy(l => (Environment: accounts[l.AccountId].Name, Service: l.Key))
            .Select(g => new EcsServiceCost(
                g.Key.Environment,
                g.Key.Service,
                Sum(g.Where(l => l.Start == thisMonth), currency),
                Sum(g.Where(l => l.Start == lastMonth), currency)))
            .OrderByDescending(s => s.MonthToDate.Amount)
            .ThenBy(s => s.Service, StringComparer.Ordinal)
            .ToList();

        return new CostReport(currency, today, freshness, accountCosts, months, ecsServices);
    }

    /// <summary>
    /// The month to date before the forecast's first day, plus the forecast. Cost Explorer's forecast period includes
    /// its start date (today), so today is in the forecast whole; the month to date runs to tomorrow (exclusive) and
    /// holds whatever of today has been billed so far. Taking the days the forecast covers out of the month to date
    /// counts each day once, whether Cost Explorer has billed any of today yet or not. The forecast's own dates say
    /// where it starts, so a report dated a moment after its refresh still counts right.
    /// </summary>
    private static Money? MonthEnd(Money monthToDate, List<CostLine> days, List<CostLine> forecast, string currency)
    {
        if (forecast.Count == 0)
        {
            return null;
        }

        var forecastFrom = forecast.Min(l => l.Start);
        var forecastTo = forecast.Max(l => l.End);
        var alsoForecast = Sum(days.Where(l => l.Start >= forecastFrom && l.Start < forecastTo), currency);
        return monthToDate - alsoForecast + Sum(forecast, currency);
    }

    private static List<NamedCost> TopServices(IEnumerable<CostLine> lines, string currency)
    {
        var byService = lines.GroupBy(l => l.Key)
            .Select(g => new NamedCost(g.Key.Length == 0 ? "(no service)" : g.Key, Sum(g, currency)))
            .Where(s => s.Amount.Amount != 0m)
            .OrderByDescending(s => s.Amount.Amount)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        if (byService.Count <= TopServiceCount)
        {
            return byService;
        }

        var top = byService.Take(TopServiceCount - 1).ToList();
        top.Add(new NamedCost(OtherServices, Sum(byService.Skip(TopServiceCount - 1).Select(s => s.Amount), currency)));
        return top;
    }

    private static List<DailyCost> Days(List<CostLine> lines, string currency)
    {
        var days = lines.GroupBy(l => l.Start).OrderBy(g => g.Key)
            .Select(g => (Day: g.Key, Amount: Sum(g, currency), Estimated: g.Any(l => l.Estimated)))
            .ToList();

        // The last day is still accruing; comparing its part-day with whole days would never flag it, or flag it wrongly.
        var complete = days.Count > 0 ? days.Take(days.Count - 1).Select(d => d.Amount.Amount).ToList() : [];
        var anomalies = CostAnomalies.Detect(complete).ToHashSet();
        return days.Select((d, i) => new DailyCost(d.Day, d.Amount, d.Estimated, anomalies.Contains(i))).ToList();
    }

    private static Money Sum(IEnumerable<CostLine> lines, string currency) => new(lines.Sum(l => l.Amount), currency);

    private static Money Sum(IEnumerable<Money> amounts, string currency) => new(amounts.Sum(a => a.Amount), currency);
}
