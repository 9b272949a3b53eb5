namespace Portal.Server.Cloud.CostExplorer;

/// <summary>
/// The Cost Explorer operations the portal uses, shaped like the Cost Explorer API (2017-10-25).
/// Every request is charged by AWS, so callers count and bound them.
/// </summary>
public interface ICostExplorer
{
    /// <summary>One page of results; follow <see cref="GetCostAndUsageResponse.NextPageToken"/> for the rest.</summary>
    Task<GetCostAndUsageResponse> GetCostAndUsageAsync(CloudCaller caller, GetCostAndUsageRequest request, CancellationToken cancellationToken);

    Task<GetCostForecastResponse> GetCostForecastAsync(CloudCaller caller, GetCostForecastRequest request, CancellationToken cancellationToken);
}

/// <summary>The names Cost Explorer uses on the wire.</summary>
public static class CostExplorerNames
{
    public const string Daily = "DAILY";
    public const string Monthly = "MONTHLY";
    public const string UnblendedCost = "UnblendedCost";
    public const string ForecastUnblendedCost = "UNBLENDED_COST";
    public const string Dimension = "DIMENSION";
    public const string Tag = "TAG";
    public const string LinkedAccount = "LINKED_ACCOUNT";
    public const string Service = "SERVICE";

    /// <summary>A tag group's key is "tagKey$value"; an empty value means the cost carries no such tag.</summary>
    public const char TagValueSeparator = '$';
}

/// <summary>Start inclusive, end exclusive: UTC dates, as Cost Explorer takes and reports them.</summary>
public sealed record DateInterval(DateOnly Start, DateOnly End);

/// <summary>Group by a dimension (LINKED_ACCOUNT, SERVICE) or a cost allocation tag key.</summary>
public sealed record GroupDefinition(string Type, string Key)
{
    public static GroupDefinition ByDimension(string dimension) => new(CostExplorerNames.Dimension, dimension);

    public static GroupDefinition ByTag(string tagKey) => new(CostExplorerNames.Tag, tagKey);
}

/// <summary>A filter expression of one dimension and its values (Cost Explorer's Expression.Dimensions).</summary>
public sealed record DimensionFilter(string Key, IReadOnlyList<string> Values);

public sealed record GetCostAndUsageRequest(
    DateInterval TimePeriod,
    string Granularity,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<GroupDefinition> GroupBy,
    DimensionFilter? Filter = null,
    string? NextPageToken = null);

public sealed record MetricValue(decimal Amount, string Unit);

public sealed record CostGroup(IReadOnlyList<string> Keys, IReadOnlyDictionary<string, MetricValue> Metrics);

/// <summary>With GroupBy, <see cref="Total"/> is empty and the amounts are in <see cref="Groups"/>.</summary>
public sealed record ResultByTime(
    DateInterval TimePeriod,
    IReadOnlyDictionary<string, MetricValue> Total,
    IReadOnlyList<CostGroup> Groups,
    bool Estimated);

public sealed record GetCostAndUsageResponse(IReadOnlyList<ResultByTime> ResultsByTime, string? NextPageToken);

/// <summary>The period must start today or later; Cost Explorer forecasts its first day (today) in full, billed part included.</summary>
public sealed record GetCostForecastRequest(
    DateInterval TimePeriod,
    string Metric,
    string Granularity,
    DimensionFilter? Filter = null);

public sealed record ForecastResult(DateInterval TimePeriod, decimal MeanValue, decimal? PredictionIntervalLowerBound, decimal? PredictionIntervalUpperBound);

public sealed record GetCostForecastResponse(MetricValue Total, IReadOnlyList<ForecastResult> ForecastResultsByTime);
