using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Costs;
using Portal.Shared.Costs;
using static Portal.Server.Cloud.CostExplorer.CostExplorerNames;

namespace Portal.Server.Tests.Aws;

/// <summary>The Cost Explorer adapter over scripted HTTP answers: requests fit AWS's model, answers written to it are read, pages are followed.</summary>
public sealed class AwsCostExplorerTests
{
    private static readonly AwsServiceModel Model = AwsServiceModel.Load("ce");
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public async Task GetCostAndUsage_request_fits_the_model_and_grouped_amounts_are_read_as_decimals()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, "GetCostAndUsage", Page(
            [("2026-11-01", "2026-11-23", true, [("111111111111", "Amazon Elastic Container Service", "1234.5678901234"), ("111111111111", "AmazonCloudWatch", "1.2E-7")])],
            next: "page-2"));

        var response = await new AwsCostExplorer(aws.Client).GetCostAndUsageAsync(AwsClientHarness.Caller,
            new GetCostAndUsageRequest(new DateInterval(new DateOnly(2026, 11, 1), Today.AddDays(1)), Monthly, [UnblendedCost],
                [GroupDefinition.ByDimension(LinkedAccount), GroupDefinition.ByDimension(Service)], new DimensionFilter(LinkedAccount, ["111111111111"])),
            CancellationToken.None);

        var request = AssertRequestFits(aws, "GetCostAndUsage");
        Assert.Equal("2026-11-01", request["TimePeriod"]!["Start"]!.GetValue<string>());
        Assert.Equal("2026-11-23", request["TimePeriod"]!["End"]!.GetValue<string>());
        Assert.Equal("LINKED_ACCOUNT", request["Filter"]!["Dimensions"]!["Key"]!.GetValue<string>());
        Assert.Equal("https://ce.us-east-1.amazonaws.com/", Assert.Single(aws.Requests).Uri.ToString());
        Assert.Equal("page-2", response.NextPageToken);
        var result = Assert.Single(response.ResultsByTime);
        Assert.True(result.Estimated);
        Assert.Equal(new DateInterval(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 23)), result.TimePeriod);
        Assert.Equal([1234.5678901234m, 0.00000012m], result.Groups.Select(g => g.Metrics[UnblendedCost].Amount));
        Assert.Equal("USD", result.Groups[0].Metrics[UnblendedCost].Unit);
    }

    [Fact]
    public async Task GetCostForecast_request_fits_the_model_and_the_total_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, "GetCostForecast", new JsonObject
        {
            ["Total"] = new JsonObject { ["Amount"] = "812.25", ["Unit"] = "USD" },
            ["ForecastResultsByTime"] = new JsonArray(new JsonObject
            {
                ["TimePeriod"] = new JsonObject { ["Start"] = "2026-11-22", ["End"] = "2026-12-01" },
                ["MeanValue"] = "812.25",
                ["PredictionIntervalLowerBound"] = "700.1",
                ["PredictionIntervalUpperBound"] = "900.9",
            }),
        });

        var forecast = await new AwsCostExplorer(aws.Client).GetCostForecastAsync(AwsClientHarness.Caller,
            new GetCostForecastRequest(new DateInterval(Today, new DateOnly(2026, 12, 1)), ForecastUnblendedCost, Monthly, new DimensionFilter(LinkedAccount, ["111111111111"])),
            CancellationToken.None);

        AssertRequestFits(aws, "GetCostForecast");
        Assert.Equal(new MetricValue(812.25m, "USD"), forecast.Total);
        Assert.Equal(700.1m, Assert.Single(forecast.ForecastResultsByTime).PredictionIntervalLowerBound);
    }

    [Fact]
    public async Task A_refresh_over_the_adapter_follows_next_page_tokens_and_counts_every_request()
    {
        using var aws = new AwsClientHarness();
        const string account = "111111111111";

        // Monthly by service: two pages; daily: one; ECS services: one; then one forecast.
        Answer(aws, "GetCostAndUsage", Page([("2025-11-01", "2025-12-01", false, [(account, "Amazon Elastic Container Service", "100")])], next: "m2"));
        Answer(aws, "GetCostAndUsage", Page([("2026-11-01", "2026-11-23", true, [(account, "Amazon Elastic Container Service", "50.5")])], next: null));
        Answer(aws, "GetCostAndUsage", Page([("2026-11-21", "2026-11-22", true, [(account, "Amazon Elastic Container Service", "2.25")])], next: null));
        Answer(aws, "GetCostAndUsage", Page([("2026-11-01", "2026-11-23", true, [(account, "aws:ecs:serviceName$orders-api", "40"), (account, "aws:ecs:serviceName$", "10.5")])], next: null));
        Answer(aws, "GetCostForecast", new JsonObject { ["Total"] = new JsonObject { ["Amount"] = "20", ["Unit"] = "USD" } });
        var fetcher = new CostFetcher(new AwsCostExplorer(aws.Client), Options.Create(new CostOptions()));

        var fetch = await fetcher.FetchAsync(AwsClientHarness.Caller, [account], new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(5, fetch.Requests);
        Assert.Equal(5, aws.Requests.Count);
        var bodies = aws.Requests.Select(r => r.Body!).ToList();
        Assert.All(bodies.Take(4), b => Assert.Empty(Model.ValidateInput("GetCostAndUsage", b)));
        Assert.Null(bodies[0]["NextPageToken"]);
        Assert.Equal("m2", bodies[1]["NextPageToken"]!.GetValue<string>());
        Assert.Equal("TAG", bodies[3]["GroupBy"]![1]!["Type"]!.GetValue<string>());
        Assert.Equal("aws:ecs:serviceName", bodies[3]["GroupBy"]![1]!["Key"]!.GetValue<string>());
        Assert.Empty(Model.ValidateInput("GetCostForecast", bodies[4]));

        Assert.Equal([100m, 50.5m], fetch.Lines.Where(l => l.Series == CostSeries.MonthlyByService).Select(l => l.Amount));
        Assert.Equal([("orders-api", 40m), ("", 10.5m)], fetch.Lines.Where(l => l.Series == CostSeries.MonthlyByEcsService).Select(l => (l.Key, l.Amount)));
        Assert.Equal(20m, fetch.Lines.Single(l => l.Series == CostSeries.Forecast).Amount);
    }

    [Fact]
    public async Task Access_denied_leaves_as_the_portals_own_error()
    {
        using var aws = new AwsClientHarness();
        aws.Answer(HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "AccessDeniedException", ["Message"] = "not authorized to perform: ce:GetCostAndUsage" }, "AccessDeniedException");

        await Assert.ThrowsAsync<CloudAccessDeniedException>(() => new AwsCostExplorer(aws.Client).GetCostAndUsageAsync(AwsClientHarness.Caller,
            new GetCostAndUsageRequest(new DateInterval(Today, Today.AddDays(1)), Daily, [UnblendedCost], []), CancellationToken.None));
    }

    private static JsonObject Page(IEnumerable<(string Start, string End, bool Estimated, (string Account, string Key, string Amount)[] Groups)> results, string? next)
    {
        var page = new JsonObject
        {
            ["ResultsByTime"] = new JsonArray(results.Select(r => (JsonNode?)new JsonObject
            {
                ["TimePeriod"] = new JsonObject { ["Start"] = r.Start, ["End"] = r.End },
                ["Total"] = new JsonObject(),
                ["Groups"] = new JsonArray(r.Groups.Select(g => (JsonNode?)new JsonObject
                {
                    ["Keys"] = new JsonArray(g.Account, g.Key),
                    ["Metrics"] = new JsonObject { ["UnblendedCost"] = new JsonObject { ["Amount"] = g.Amount, ["Unit"] = "USD" } },
                }).ToArray()),
                ["Estimated"] = r.Estimated,
            }).ToArray()),
            ["DimensionValueAttributes"] = new JsonArray(),
        };
        if (next is not null)
        {
            page["NextPageToken"] = next;
        }

        return page;
    }

    private static void Answer(AwsClientHarness aws, string operation, JsonNode answer)
    {
        Assert.Empty(Model.ValidateOutput(operation, answer));
        aws.Answer(HttpStatusCode.OK, answer);
    }

    private static JsonNode AssertRequestFits(AwsClientHarness aws, string operation)
    {
        var request = Assert.Single(aws.Requests);
        Assert.Equal($"{Model.TargetPrefix}.{operation}", request.Target);
        Assert.Equal($"application/x-amz-json-{Model.JsonVersion}", request.ContentType);
        Assert.Empty(Model.ValidateInput(operation, request.Body));
        return request.Body!;
    }
}
