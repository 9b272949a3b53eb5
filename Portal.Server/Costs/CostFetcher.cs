using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CostExplorer;
using Portal.Shared.Costs;
using static Portal.Server.Cloud.CostExplorer.CostExplorerNames;

namespace Portal.Server.Costs;

/// <summary>
/// One refresh's questions to Cost Explorer, every page followed and every request counted:
/// monthly costs by account and AWS service for 12 months and the month to date, daily costs by
/// account and AWS service for this month and last, monthly costs by account and ECS service (the
/// cost allocation tag) for this month and last, and a forecast to month end per account.
/// With N accounts that is 3 queries' pages plus N forecasts. A refresh that would exceed
/// <see cref="CostOptions.MaxRequestsPerRefresh"/> stops before the request that would.
/// </summary>
public sealed class CostFetcher(ICostExplorer costExplorer, IOptions<CostOptions> options)
{
    public async Task<CostFetch> FetchAsync(CloudCaller caller, IReadOnlyList<string> accountIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var settings = options.Value;
        var budget = new RequestBudget(settings.MaxRequestsPerRefresh);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);

        // Cost Explorer's end date is exclusive: tomorrow includes today's costs so far.
        var tomorrow = today.AddDays(1);
        var accounts = new DimensionFilter(LinkedAccount, accountIds);
        var lines = new List<CostLine>();

        await QueryAsync(caller, CostSeries.MonthlyByService, new DateInterval(thisMonth.AddMonths(-12), tomorrow), Monthly,
            [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByDimension(Service)], accounts, budget, lines, cancellationToken);
        await QueryAsync(caller, CostSeries.DailyByService, new DateInterval(thisMonth.AddMonths(-1), tomorrow), Daily,
            [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByDimension(Service)], accounts, budget, lines, cancellationToken);
        await QueryAsync(caller, CostSeries.MonthlyByEcsService, new DateInterval(thisMonth.AddMonths(-1), tomorrow), Monthly,
            [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByTag(settings.EcsServiceTagKey)], accounts, budget, lines, cancellationToken);

        // Forecasts take no GroupBy: one per account, filtered to it.
        var monthEnd = thisMonth.AddMonths(1);
        foreach (var accountId in accountIds)
        {
            budget.Spend();
            var forecast = await costExplorer.GetCostForecastAsync(
                caller, new GetCostForecastRequest(new DateInterval(today, monthEnd), ForecastUnblendedCost, Monthly, new DimensionFilter(LinkedAccount, [accountId])), cancellationToken);
            lines.Add(new CostLine(CostSeries.Forecast, today, monthEnd, accountId, string.Empty, forecast.Total.Amount, forecast.Total.Unit, Estimated: true));
        }

        return new CostFetch(lines, budget.Spent);
    }

    private async Task QueryAsync(
        CloudCaller caller,
        CostSeries series,
        DateInterval period,
        string granularity,
        IReadOnlyList<GroupDefinition> groupBy,
        DimensionFilter filter,
        RequestBudget budget,
        List<CostLine> lines,
        CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            budget.Spend();
            var page = await costExplorer.GetCostAndUsageAsync(
                caller, new GetCostAndUsageRequest(period, granularity, [UnblendedCost], groupBy, filter, token), cancellationToken);
            foreach (var result in page.ResultsByTime)
            {
                foreach (var group in result.Groups)
                {
                    if (group.Keys.Count < 2 || !group.Metrics.TryGetValue(UnblendedCost, out var cost))
                    {
                        continue;
                    }

                    lines.Add(new CostLine(series, result.TimePeriod.Start, result.TimePeriod.End, group.Keys[0], KeyOf(groupBy[1], group.Keys[1]), cost.Amount, cost.Unit, result.Estimated));
                }
            }

            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    /// <summary>A tag group's key is "tagKey$value": the value alone is the ECS service (empty when untagged).</summary>
    private static string KeyOf(GroupDefinition group, string key)
    {
        if (group.Type != Tag)
        {
            return key;
        }

        var separator = key.IndexOf(TagValueSeparator, StringComparison.Ordinal);
        return separator < 0 ? key : key[(separator + 1)..];
    }

    private sealed class RequestBudget(int limit)
    {
        public int Spent { get; private set; }

        public void Spend()
        {
            if (Spent >= limit)
            {
                throw new CostRequestBudgetExceededException(limit);
            }

            Spent++;
        }
    }
}

/// <summary>What one refresh fetched, and how many Cost Explorer requests it made.</summary>
public sealed record CostFetch(IReadOnlyList<CostLine> Lines, int Requests);

/// <summary>A refresh needed more Cost Explorer requests than allowed; nothing of it is kept.</summary>
public sealed class CostRequestBudgetExceededException(int limit)
    : Exception($"A cost refresh would need more than {limit} Cost Explorer requests (Costs:MaxRequestsPerRefresh); it stopped and the last answers stay.")
{
    public int Limit { get; } = limit;
}
