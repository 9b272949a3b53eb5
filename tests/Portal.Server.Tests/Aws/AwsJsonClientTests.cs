using System.Net;
using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;

namespace Portal.Server.Tests.Aws;

public class AwsJsonClientTests
{
    private static readonly JsonObject Empty = [];

    [Fact]
    public async Task A_call_is_a_signed_json_post_with_the_operation_as_target()
    {
        using var aws = new AwsClientHarness();
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["clusterArns"] = new JsonArray("arn:aws:ecs:eu-west-1:123456789012:cluster/a") });

        var response = await aws.Client.CallAsync(AwsJsonService.Ecs, "ListClusters", AwsClientHarness.Caller, new JsonObject { ["maxResults"] = 100 }, CancellationToken.None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(new Uri("https://ecs.eu-west-1.amazonaws.com/"), request.Uri);
        Assert.Equal("AmazonEC2ContainerServiceV20141113.ListClusters", request.Target);
        Assert.Equal("application/x-amz-json-1.1", request.ContentType);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE1/20261122/eu-west-1/ecs/aws4_request", request.Authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", request.Authorization, StringComparison.Ordinal);
        Assert.Equal("session-token-1", request.SecurityToken);
        Assert.Equal(100, request.Body!["maxResults"]!.GetValue<int>());
        Assert.Single(response["clusterArns"]!.AsArray());
    }

    [Theory]
    [InlineData("cloudwatch", "https://monitoring.eu-west-1.amazonaws.com/", "GraniteServiceVersion20100801.DescribeAlarms", "application/x-amz-json-1.0")]
    [InlineData("ce", "https://ce.us-east-1.amazonaws.com/", "AWSInsightsIndexService.DescribeAlarms", "application/x-amz-json-1.1")]
    public async Task Each_service_has_its_endpoint_target_prefix_and_json_version(string service, string endpoint, string target, string contentType)
    {
        using var aws = new AwsClientHarness();
        aws.Answer(HttpStatusCode.OK, Empty);

        await aws.Client.CallAsync(service == "ce" ? AwsJsonService.CostExplorer : AwsJsonService.CloudWatch, "DescribeAlarms", AwsClientHarness.Caller, [], CancellationToken.None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(new Uri(endpoint), request.Uri);
        Assert.Equal(target, request.Target);
        Assert.Equal(contentType, request.ContentType);
    }

    [Fact]
    public async Task The_standard_endpoint_variables_override_the_regional_endpoint_service_first()
    {
        using var aws = new AwsClientHarness(settings: new()
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566/",
            ["AWS_ENDPOINT_URL_ECS"] = "http://127.0.0.1:9911/",
        });
        aws.Answer(HttpStatusCode.OK, Empty);
        aws.Answer(HttpStatusCode.OK, Empty);

        await aws.Client.CallAsync(AwsJsonService.Ecs, "ListClusters", AwsClientHarness.Caller, [], CancellationToken.None);
        await aws.Client.CallAsync(AwsJsonService.CloudWatch, "DescribeAlarms", AwsClientHarness.Caller, [], CancellationToken.None);

        Assert.Equal([new Uri("http://127.0.0.1:9911/"), new Uri("http://127.0.0.1:4566/")], aws.Requests.Select(r => r.Uri));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ThrottlingException", "throttled")]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "throttled")]
    [InlineData(HttpStatusCode.InternalServerError, "ServerException", "unavailable")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "unavailable")]
    public async Task Throttling_and_server_errors_are_retried_then_succeed_and_each_retry_is_counted(HttpStatusCode status, string code, string reason)
    {
        using var aws = new AwsClientHarness();
        aws.Answer(status, new JsonObject { ["__type"] = code, ["message"] = "slow down" });
        aws.Answer(status, new JsonObject { ["__type"] = code, ["message"] = "slow down" });
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["serviceArns"] = new JsonArray() });

        var response = await aws.Client.CallAsync(AwsJsonService.Ecs, "ListServices", AwsClientHarness.Caller, [], CancellationToken.None);

        Assert.NotNull(response["serviceArns"]);
        Assert.Equal(3, aws.Requests.Count);
        Assert.Equal(2, aws.Meter.RetryTotals()[new CloudCallKey("ecs", "ListServices", reason)]);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts_and_the_last_error_surfaces()
    {
        using var aws = new AwsClientHarness(options => options.MaxAttempts = 3);
        for (var i = 0; i < 5; i++)
        {
            aws.Answer(HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "ThrottlingException", ["message"] = "Rate exceeded" });
        }

        var error = await Assert.ThrowsAsync<CloudThrottledException>(() =>
            aws.Client.CallAsync(AwsJsonService.Ecs, "DescribeServices", AwsClientHarness.Caller, [], CancellationToken.None));

        Assert.Equal(3, aws.Requests.Count);
        Assert.Contains("Rate exceeded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exhausted_retry_budget_fails_fast_instead_of_piling_on()
    {
        // Room for one retry (5) but not a second: the SDKs' quota, where a retry costs 5.
        using var aws = new AwsClientHarness(options => options.RetryBudget = 9);
        for (var i = 0; i < 4; i++)
        {
            aws.Answer(HttpStatusCode.InternalServerError, new JsonObject { ["__type"] = "ServerException", ["message"] = "boom" });
        }

        await Assert.ThrowsAsync<CloudUnavailableException>(() => aws.Client.CallAsync(AwsJsonService.Ecs, "ListClusters", AwsClientHarness.Caller, [], CancellationToken.None));

        Assert.Equal(2, aws.Requests.Count);
        Assert.Equal(4, aws.Budget.Available);
    }

    [Fact]
    public async Task A_request_that_outlives_its_timeout_is_abandoned_and_retried()
    {
        using var aws = new AwsClientHarness(options => options.Timeout = TimeSpan.FromMilliseconds(50));
        aws.AnswerAfter(TimeSpan.FromSeconds(30), HttpStatusCode.OK, new JsonObject { ["clusterArns"] = new JsonArray("too late") });
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["clusterArns"] = new JsonArray() });

        var response = await aws.Client.CallAsync(AwsJsonService.Ecs, "ListClusters", AwsClientHarness.Caller, [], CancellationToken.None);

        Assert.NotNull(response["clusterArns"]);
        Assert.Equal(1, aws.Meter.RetryTotals()[new CloudCallKey("ecs", "ListClusters", "unavailable")]);
    }

    [Theory]
    [InlineData("AccessDeniedException", null, typeof(CloudAccessDeniedException))]
    [InlineData(null, "com.amazonaws.ecs#AccessDeniedException", typeof(CloudAccessDeniedException))]
    [InlineData("UnrecognizedClientException", null, typeof(CloudAccessDeniedException))]
    [InlineData(null, "ClusterNotFoundException", typeof(CloudNotFoundException))]
    [InlineData("ServiceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.ecs/", null, typeof(CloudNotFoundException))]
    [InlineData(null, "InvalidParameterException", typeof(CloudValidationException))]
    [InlineData(null, "ClientException", typeof(CloudValidationException))]
    [InlineData(null, "com.amazonaws.monitoring#InvalidNextToken", typeof(CloudValidationException))]
    public async Task Errors_map_from_the_header_or_the_body_type_to_the_portals_own(string? header, string? bodyType, Type expected)
    {
        using var aws = new AwsClientHarness();
        var body = new JsonObject { ["message"] = "what AWS said" };
        if (bodyType is not null)
        {
            body["__type"] = bodyType;
        }

        aws.Answer(HttpStatusCode.BadRequest, body, header);

        var error = await Assert.ThrowsAnyAsync<CloudException>(() => aws.Client.CallAsync(AwsJsonService.Ecs, "DescribeServices", AwsClientHarness.Caller, [], CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Contains("what AWS said", error.Message, StringComparison.Ordinal);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task Access_denied_names_the_role_the_account_and_the_action()
    {
        using var aws = new AwsClientHarness();
        aws.Answer(HttpStatusCode.BadRequest, new JsonObject { ["__type"] = "AccessDeniedException", ["Message"] = "User is not authorized to perform: ecs:UpdateService" });

        var error = await Assert.ThrowsAsync<CloudAccessDeniedException>(() =>
            aws.Client.CallAsync(AwsJsonService.Ecs, "UpdateService", AwsClientHarness.Caller, [], CancellationToken.None));

        Assert.Contains("PortalReadOnly", error.Message, StringComparison.Ordinal);
        Assert.Contains("123456789012", error.Message, StringComparison.Ordinal);
        Assert.Contains("ecs:UpdateService", error.Message, StringComparison.Ordinal);
    }
}
