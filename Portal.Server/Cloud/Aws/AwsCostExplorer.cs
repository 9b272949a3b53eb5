using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Server.Cloud.CostExplorer;
using static Portal.Server.Cloud.Aws.AwsJson;

namespace Portal.Server.Cloud.Aws;

/// <summary>AWS Cost Explorer over its JSON 1.1 protocol (members in PascalCase, amounts as decimal strings, dates as yyyy-MM-dd).</summary>
public sealed class AwsCostExplorer(AwsJsonClient client) : ICostExplorer
{
    private static readonly AwsJsonService Service = AwsJsonService.CostExplorer;

    public async Task<GetCostAndUsageResponse> GetCostAndUsageAsync(CloudCaller caller, GetCostAndUsageRequest request, CancellationToken cancellationToken)
    {
        if (request.GroupBy.Count > 2)
        {
            throw new CloudValidationException(Service.Name, "GetCostAndUsage", "GetCostAndUsage groups by at most two keys.");
        }

        var body = new JsonObject
        {
            ["TimePeriod"] = Interval(request.TimePeriod),
            ["Granularity"] = request.Granularity,
            ["Metrics"] = Array(request.Metrics),
        }
            .With("GroupBy", request.GroupBy.Count > 0
                ? new JsonArray(request.GroupBy.Select(g => (JsonNode?)new JsonObject { ["Type"] = g.Type, ["Key"] = g.Key }).ToArray())
                : null)
            .With("Filter", Filter(request.Filter))
            .With("NextPageToken", request.NextPageToken);
        var response = await client.CallAsync(Service, "GetCostAndUsage", caller, body, cancellationToken);
        var results = List(response, "ResultsByTime").Select(r => new ResultByTime(
            ToInterval(r["TimePeriod"]),
            Metrics(r["Total"]),
            List(r, "Groups").Select(g => new CostGroup(Strings(g, "Keys"), Metrics(g["Metrics"]))).ToList(),
            r["Estimated"] is JsonValue estimated && estimated.GetValue<bool>())).ToList();
        return new GetCostAndUsageResponse(results, String(response, "NextPageToken"));
    }

    public async Task<GetCostForecastResponse> GetCostForecastAsync(CloudCaller caller, GetCostForecastRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["TimePeriod"] = Interval(request.TimePeriod),
            ["Metric"] = request.Metric,
            ["Granularity"] = request.Granularity,
        }.With("Filter", Filter(request.Filter));
        var response = await client.CallAsync(Service, "GetCostForecast", caller, body, cancellationToken);
        var total = response["Total"] is { } node ? ToMetric(node) : new MetricValue(0m, "USD");
        var results = List(response, "ForecastResultsByTime").Select(f => new ForecastResult(
            ToInterval(f["TimePeriod"]),
            Amount(String(f, "MeanValue")) ?? 0m,
            Amount(String(f, "PredictionIntervalLowerBound")),
            Amount(String(f, "PredictionIntervalUpperBound")))).ToList();
        return new GetCostForecastResponse(total, results);
    }

    private static JsonObject Interval(DateInterval interval) => new()
    {
        ["Start"] = Date(interval.Start),
        ["End"] = Date(interval.End),
    };

    private static JsonObject? Filter(DimensionFilter? filter) => filter is null
        ? null
        : new JsonObject { ["Dimensions"] = new JsonObject { ["Key"] = filter.Key, ["Values"] = Array(filter.Values) } };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Cost Explorer may answer "2024-01-01" or, for hourly data, "2024-01-01T00:00:00Z": the date is what counts.</summary>
    private static DateInterval ToInterval(JsonNode? interval) => new(ToDate(String(interval, "Start")), ToDate(String(interval, "End")));

    private static DateOnly ToDate(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CloudUnavailableException(Service.Name, "GetCostAndUsage", $"Cost Explorer answered a date the portal cannot read: '{text}'.");

    private static Dictionary<string, MetricValue> Metrics(JsonNode? metrics) =>
        metrics is JsonObject members
            ? members.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => ToMetric(m.Value!), StringComparer.Ordinal)
            : [];

    private static MetricValue ToMetric(JsonNode metric) => new(Amount(String(metric, "Amount")) ?? 0m, String(metric, "Unit") ?? "USD");

    /// <summary>Amounts are decimal strings, sometimes in exponent form ("1.2E-7"); parsed as decimal, never through double.</summary>
    private static decimal? Amount(string? text) =>
        text is null ? null
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) ? amount
        : throw new CloudUnavailableException(Service.Name, "GetCostAndUsage", $"Cost Explorer answered an amount the portal cannot read: '{text}'.");
}
