using System.Text.Json.Nodes;
using Portal.Server.Cloud.CloudWatch;
using static Portal.Server.Cloud.Aws.AwsJson;

namespace Portal.Server.Cloud.Aws;

/// <summary>Amazon CloudWatch over its JSON 1.0 protocol (members in PascalCase, as in the CloudWatch model).</summary>
public sealed class AwsCloudWatch(AwsJsonClient client) : ICloudWatch
{
    private static readonly AwsJsonService Service = AwsJsonService.CloudWatch;

    public async Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        if (request.MetricDataQueries.Count is 0 or > CloudWatchLimits.GetMetricDataMaxQueries)
        {
            throw new CloudValidationException(Service.Name, "GetMetricData", "GetMetricData takes between 1 and 500 metric queries per call.");
        }

        var queries = new JsonArray(request.MetricDataQueries.Select(q => (JsonNode?)new JsonObject
        {
            ["Id"] = q.Id,
            ["MetricStat"] = new JsonObject
            {
                ["Metric"] = new JsonObject
                {
                    ["Namespace"] = q.MetricStat.Metric.Namespace,
                    ["MetricName"] = q.MetricStat.Metric.MetricName,
                    ["Dimensions"] = Dimensions(q.MetricStat.Metric.Dimensions),
                },
                ["Period"] = q.MetricStat.Period,
                ["Stat"] = q.MetricStat.Stat,
            },
            ["ReturnData"] = q.ReturnData,
        }).ToArray());
        var body = new JsonObject
        {
            ["MetricDataQueries"] = queries,
            ["StartTime"] = ToEpoch(request.StartTime),
            ["EndTime"] = ToEpoch(request.EndTime),
        }.With("NextToken", request.NextToken);
        var response = await client.CallAsync(Service, "GetMetricData", caller, body, cancellationToken);
        var results = List(response, "MetricDataResults").Select(r => new MetricDataResult(
            RequiredString(r, "Id"),
            String(r, "Label"),
            List(r, "Timestamps").Select(t => FromEpoch(t.GetValue<double>())).ToList(),
            List(r, "Values").Select(v => v.GetValue<double>()).ToList(),
            String(r, "StatusCode") ?? "Complete")).ToList();
        return new GetMetricDataResponse(results, String(response, "NextToken"));
    }

    public async Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject()
            .With("AlarmNamePrefix", request.AlarmNamePrefix)
            .With("StateValue", request.StateValue)
            .With("NextToken", request.NextToken)
            .With("MaxRecords", request.MaxRecords);
        var response = await client.CallAsync(Service, "DescribeAlarms", caller, body, cancellationToken);
        var alarms = List(response, "MetricAlarms").Select(a => new MetricAlarm(
            RequiredString(a, "AlarmName"),
            RequiredString(a, "AlarmArn"),
            RequiredString(a, "StateValue"),
            String(a, "StateReason"),
            Time(a, "StateUpdatedTimestamp") ?? DateTimeOffset.MinValue,
            RequiredString(a, "Namespace"),
            RequiredString(a, "MetricName"),
            List(a, "Dimensions").Select(d => new Dimension(RequiredString(d, "Name"), RequiredString(d, "Value"))).ToList(),
            Double(a, "Threshold"),
            RequiredString(a, "ComparisonOperator"),
            Int(a, "EvaluationPeriods"),
            Int(a, "Period"))).ToList();
        return new DescribeAlarmsResponse(alarms, String(response, "NextToken"));
    }

    private static JsonArray Dimensions(IEnumerable<Dimension> dimensions) =>
        new(dimensions.Select(d => (JsonNode?)new JsonObject { ["Name"] = d.Name, ["Value"] = d.Value }).ToArray());
}
