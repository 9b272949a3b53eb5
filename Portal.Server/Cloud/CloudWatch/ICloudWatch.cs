namespace Portal.Server.Cloud.CloudWatch;

/// <summary>The CloudWatch operations the portal uses, shaped like the CloudWatch API (2010-08-01).</summary>
public interface ICloudWatch
{
    /// <summary>At most <see cref="CloudWatchLimits.GetMetricDataMaxQueries"/> queries per call.</summary>
    Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken);

    Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken);
}

public static class CloudWatchLimits
{
    public const int GetMetricDataMaxQueries = 500;
    public const int DescribeAlarmsMaxRecords = 100;
}

public sealed record GetMetricDataRequest(
    IReadOnlyList<MetricDataQuery> MetricDataQueries,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    string? NextToken = null);

public sealed record MetricDataQuery(string Id, MetricStat MetricStat, bool ReturnData = true);

public sealed record MetricStat(Metric Metric, int Period, string Stat);

public sealed record Metric(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions);

public sealed record Dimension(string Name, string Value);

public sealed record GetMetricDataResponse(IReadOnlyList<MetricDataResult> MetricDataResults, string? NextToken);

public sealed record MetricDataResult(
    string Id,
    string? Label,
    IReadOnlyList<DateTimeOffset> Timestamps,
    IReadOnlyList<double> Values,
    string StatusCode);

public sealed record DescribeAlarmsRequest(string? AlarmNamePrefix = null, string? StateValue = null, string? NextToken = null, int? MaxRecords = null);

public sealed record DescribeAlarmsResponse(IReadOnlyList<MetricAlarm> MetricAlarms, string? NextToken);

public sealed record MetricAlarm(
    string AlarmName,
    string AlarmArn,
    string StateValue,
    string? StateReason,
    DateTimeOffset StateUpdatedTimestamp,
    string Namespace,
    string MetricName,
    IReadOnlyList<Dimension> Dimensions,
    double Threshold,
    string ComparisonOperator,
    int EvaluationPeriods,
    int Period);
