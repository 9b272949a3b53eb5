using Portal.Server.Cloud;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Simulation.Seed;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

/// <summary>
/// Cost Explorer as the simulated organization's ops (management) account answers it: every linked
/// account's costs from <see cref="SimulatedCosts"/>, grouped and filtered as asked, in pages of
/// at most <see cref="PageSize"/> groups. A member account sees only its own costs, as in AWS.
/// </summary>
internal sealed class SimulatedCostExplorer(SimulatedCosts costs, OrganizationSeedSet seed, SimulatedIam iam, TimeProvider time) : ICostExplorer
{
    /// <summary>The tag ECS puts on the costs of a service's tasks when managed tags are on.</summary>
    public const string EcsServiceTag = "aws:ecs:serviceName";

    private const string Service = "ce";

    /// <summary>Groups per page; Cost Explorer pages large answers too, and each page is charged.</summary>
    public int PageSize { get; set; } = 500;

    public Task<GetCostAndUsageResponse> GetCostAndUsageAsync(CloudCaller caller, GetCostAndUsageRequest request, CancellationToken cancellationToken)
    {
        const string operation = "GetCostAndUsage";
        var accounts = Authorize(caller, operation, request.Filter);
        Validate(operation, request.TimePeriod);
        if (request.Granularity is not (CostExplorerNames.Daily or CostExplorerNames.Monthly))
        {
            throw new CloudValidationException(Service, operation, "ValidationException: the simulated Cost Explorer answers DAILY and MONTHLY granularity.");
        }

        if (request.Metrics.Count != 1 || request.Metrics[0] != CostExplorerNames.UnblendedCost)
        {
            throw new CloudValidationException(Service, operation, "ValidationException: the simulated Cost Explorer answers the UnblendedCost metric.");
        }

        if (request.GroupBy.Count > 2 || request.GroupBy.Any(g => g.Type == CostExplorerNames.Dimension && g.Key is not (CostExplorerNames.LinkedAccount or CostExplorerNames.Service)))
        {
            throw new CloudValidationException(Service, operation, "ValidationException: group by at most two of LINKED_ACCOUNT, SERVICE and a tag key.");
        }

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var entries = new List<(DateInterval Period, bool Estimated, CostGroup? Group, MetricValue? Total)>();
        foreach (var period in Periods(request.TimePeriod, request.Granularity))
        {
            var sums = new Dictionary<string, (List<string> Keys, decimal Amount)>(StringComparer.Ordinal);
            var total = 0m;
            for (var day = period.Start; day < period.End && day <= today; day = day.AddDays(1))
            {
                var fraction = day == today ? (now - new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).TotalDays : 1.0;
                foreach (var account in accounts)
                {
                    foreach (var (awsService, ecsService, amount) in costs.Day(account, day, fraction))
                    {
                        total += amount;
                        var keys = request.GroupBy.Select(g => KeyOf(g, account, awsService, ecsService)).ToList();
                        var id = string.Join('\u001f', keys);
                        sums[id] = sums.TryGetValue(id, out var sum) ? (sum.Keys, sum.Amount + amount) : (keys, amount);
                    }
                }
            }

            // Cost Explorer estimates the month that is not yet billed.
            var estimated = period.End > new DateOnly(today.Year, today.Month, 1);
            if (request.GroupBy.Count == 0)
            {
                entries.Add((period, estimated, null, new MetricValue(total, SimulatedCosts.Currency)));
                continue;
            }

            foreach (var (keys, amount) in sums.Values.OrderBy(s => string.Join('\u001f', s.Keys), StringComparer.Ordinal))
            {
                entries.Add((period, estimated, new CostGroup(keys, new Dictionary<string, MetricValue> { [CostExplorerNames.UnblendedCost] = Metric(amount) }), null));
            }
        }

        var (page, next) = Paging.Page(entries, request.NextPageToken, PageSize, PageSize, PageSize);
        var results = page
            .GroupBy(e => (e.Period, e.Estimated))
            .Select(g => new ResultByTime(
                g.Key.Period,
                g.First().Total is { } total ? new Dictionary<string, MetricValue> { [CostExplorerNames.UnblendedCost] = total } : new Dictionary<string, MetricValue>(),
                g.Where(e => e.Group is not null).Select(e => e.Group!).ToList(),
                g.Key.Estimated))
            .ToList();
        return Task.FromResult(new GetCostAndUsageResponse(results, next));
    }

    public Task<GetCostForecastResponse> GetCostForecastAsync(CloudCaller caller, GetCostForecastRequest request, CancellationToken cancellationToken)
    {
        const string operation = "GetCostForecast";
        var accounts = Authorize(caller, operation, request.Filter);
        Validate(operation, request.TimePeriod);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (request.TimePeriod.Start < today)
        {
            throw new CloudValidationException(Service, operation, "ValidationException: Start date must be equal or later than current date.");
        }

        var results = Periods(request.TimePeriod, request.Granularity).Select(period =>
        {
            var mean = 0m;
            for (var day = period.Start; day < period.End; day = day.AddDays(1))
            {
                // Whole days, today included: Cost Explorer's forecast period includes its start date, so today is
                // forecast in full even though part of it is already in GetCostAndUsage's month to date.
                mean += accounts.SelectMany(a => costs.Day(a, day, 1.0, expected: true)).Sum(c => c.Amount);
            }

            return new ForecastResult(period, Math.Round(mean, 8), Math.Round(mean * 0.92m, 8), Math.Round(mean * 1.08m, 8));
        }).ToList();
        return Task.FromResult(new GetCostForecastResponse(Metric(results.Sum(r => r.MeanValue)), results));
    }

    /// <summary>The accounts whose costs the caller may read: all linked accounts from the ops account, else only its own; narrowed by a LINKED_ACCOUNT filter.</summary>
    private List<string> Authorize(CloudCaller caller, string operation, DimensionFilter? filter)
    {
        var management = caller.AccountId == seed.Organization.Ops.AccountId;
        if (!management && !costs.AccountIds.Contains(caller.AccountId))
        {
            throw new CloudAccessDeniedException(Service, operation, $"Account {caller.AccountId} is not part of the simulated organization.");
        }

        iam.Authorize(caller, Service, operation, "*");
        var accounts = management ? costs.AccountIds.ToList() : [caller.AccountId];
        if (filter is null)
        {
            return accounts;
        }

        if (filter.Key != CostExplorerNames.LinkedAccount)
        {
            throw new CloudValidationException(Service, operation, "ValidationException: the simulated Cost Explorer filters by LINKED_ACCOUNT only.");
        }

        return accounts.Where(filter.Values.Contains).ToList();
    }

    private static void Validate(string operation, DateInterval period)
    {
        if (period.Start >= period.End)
        {
            throw new CloudValidationException(Service, operation, "ValidationException: Start date should be before end date.");
        }
    }

    /// <summary>Days, or calendar months cut to the requested interval (a partial month comes back as a partial period, as in AWS).</summary>
    private static IEnumerable<DateInterval> Periods(DateInterval interval, string granularity)
    {
        for (var start = interval.Start; start < interval.End;)
        {
            var end = granularity == CostExplorerNames.Daily ? start.AddDays(1) : new DateOnly(start.Year, start.Month, 1).AddMonths(1);
            if (end > interval.End)
            {
                end = interval.End;
            }

            yield return new DateInterval(start, end);
            start = end;
        }
    }

    private static string KeyOf(GroupDefinition group, string account, string awsService, string ecsService) => group switch
    {
        { Type: CostExplorerNames.Dimension, Key: CostExplorerNames.LinkedAccount } => account,
        { Type: CostExplorerNames.Dimension, Key: CostExplorerNames.Service } => awsService,

        // Only ECS's own service-name tag has values here; any other tag key finds its costs untagged.
        { Type: CostExplorerNames.Tag } when group.Key == EcsServiceTag => group.Key + CostExplorerNames.TagValueSeparator + ecsService,
        _ => group.Key + CostExplorerNames.TagValueSeparator,
    };

    private static MetricValue Metric(decimal amount) => new(amount, SimulatedCosts.Currency);
}
