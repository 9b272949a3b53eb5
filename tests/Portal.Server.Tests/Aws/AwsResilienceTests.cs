using System.Net;
using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;

namespace Portal.Server.Tests.Aws;

/// <summary>The client's resilience pipeline: what is retried, what never is, the retry quota, the timeouts and the circuit breaker.</summary>
public class AwsResilienceTests
{
    private static readonly JsonObject Clusters = new() { ["clusterArns"] = new JsonArray() };

    [Fact]
    public async Task A_write_that_times_out_is_outcome_unknown_after_exactly_one_send()
    {
        using var aws = new AwsClientHarness(options => options.Timeout = TimeSpan.FromMilliseconds(50));
        aws.AnswerAfter(TimeSpan.FromSeconds(30), HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });

        var error = await Assert.ThrowsAsync<CloudOutcomeUnknownException>(() => aws.CallAsync("UpdateService"));

        Assert.Single(aws.Requests);
        Assert.Contains("ecs:UpdateService was sent but no answer came within 0.1 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("not sent again", error.Message, StringComparison.Ordinal);
        Assert.Empty(aws.Meter.RetryTotals());
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried()
    {
        using var aws = new AwsClientHarness(options => options.Timeout = TimeSpan.FromMilliseconds(50));
        aws.AnswerAfter(TimeSpan.FromSeconds(30), HttpStatusCode.OK, Clusters);
        aws.Answer(HttpStatusCode.OK, Clusters);

        await aws.CallAsync("DescribeServices");

        Assert.Equal(2, aws.Requests.Count);
    }

    [Theory]
    [InlineData("server error")]
    [InlineData("broken connection")]
    [InlineData("truncated answer")]
    [InlineData("empty answer")]
    public async Task A_write_whose_answer_is_lost_or_unreadable_is_outcome_unknown_and_not_sent_again(string failure)
    {
        using var aws = new AwsClientHarness();
        Fail(aws, failure);
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["taskDefinition"] = new JsonObject() });

        var error = await Assert.ThrowsAsync<CloudOutcomeUnknownException>(() => aws.CallAsync("RegisterTaskDefinition"));

        Assert.Single(aws.Requests);
        Assert.Equal("outcome-unknown", error.Outcome);
        Assert.Contains("ecs:RegisterTaskDefinition was sent but its answer was lost", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<CloudException>(error.InnerException);
    }

    [Theory]
    [InlineData("server error")]
    [InlineData("broken connection")]
    [InlineData("truncated answer")]
    [InlineData("empty answer")]
    public async Task A_read_whose_answer_is_lost_or_unreadable_is_retried(string failure)
    {
        using var aws = new AwsClientHarness();
        Fail(aws, failure);
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["clusterArns"] = new JsonArray("arn:aws:ecs:eu-west-1:123456789012:cluster/a") });

        var response = await aws.CallAsync("ListClusters");

        Assert.Equal(2, aws.Requests.Count);
        Assert.Single(response["clusterArns"]!.AsArray());
        Assert.Equal(1, aws.Meter.RetryTotals()[new CloudCallKey("ecs", "ListClusters", "unavailable")]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"clusterArns\":[\"arn:aws:ecs:eu-west-1:123456789012:cluster/a\"")]
    [InlineData("[]")]
    [InlineData("<html>Bad gateway</html>")]
    public async Task A_success_whose_body_is_not_a_json_object_is_an_error_never_an_empty_result(string body)
    {
        using var aws = new AwsClientHarness();
        for (var i = 0; i < 3; i++)
        {
            aws.AnswerText(HttpStatusCode.OK, body);
        }

        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() => aws.CallAsync("ListClusters"));

        Assert.Equal(3, aws.Requests.Count);
        Assert.Contains("AWS's answer to ecs:ListClusters (200) could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throttled_write_is_sent_again_as_throttling_proves_it_was_not_carried_out()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });

        await aws.CallAsync("UpdateService");

        Assert.Equal(2, aws.Requests.Count);
    }

    [Fact]
    public async Task A_write_whose_connection_could_not_be_made_is_sent_again_as_it_never_left()
    {
        using var aws = new AwsClientHarness();
        aws.RefuseConnection();
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });

        await aws.CallAsync("UpdateService");

        Assert.Equal(2, aws.Requests.Count);
    }

    [Fact]
    public async Task A_write_that_ecs_refuses_is_not_sent_again_and_keeps_awss_error()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "ClientException", "Task definition does not support launch_type FARGATE.");

        var error = await Assert.ThrowsAsync<CloudValidationException>(() => aws.CallAsync("UpdateService"));

        Assert.Single(aws.Requests);
        Assert.Contains("does not support launch_type FARGATE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_attempt_is_signed_afresh()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.InternalServerError, "ServerException", "boom", takes: TimeSpan.FromSeconds(3));
        aws.Answer(HttpStatusCode.OK, Clusters);

        await aws.CallAsync("ListClusters");

        Assert.Equal(["20261122T120000Z", "20261122T120003Z"], aws.Requests.Select(r => r.AmzDate));
        Assert.All(aws.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE1/", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retry_after_a_timeout_costs_the_quota_more_than_one_after_throttling()
    {
        // 9 left: enough for a throttling retry (5), not for a timeout retry (10).
        using var timeouts = new AwsClientHarness(options =>
        {
            options.RetryBudget = 9;
            options.Timeout = TimeSpan.FromMilliseconds(50);
        });
        timeouts.AnswerAfter(TimeSpan.FromSeconds(30), HttpStatusCode.OK, Clusters);
        using var throttles = new AwsClientHarness(options => options.RetryBudget = 9);
        throttles.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        throttles.Answer(HttpStatusCode.OK, Clusters);

        await Assert.ThrowsAsync<CloudUnavailableException>(() => timeouts.CallAsync("ListClusters"));
        await throttles.CallAsync("ListClusters");

        Assert.Single(timeouts.Requests);
        Assert.Equal(2, throttles.Requests.Count);
    }

    [Fact]
    public async Task A_success_gives_back_what_its_retry_spent_and_one_when_it_needed_none()
    {
        using var aws = new AwsClientHarness(options => options.RetryBudget = 20);
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        aws.Answer(HttpStatusCode.OK, Clusters);
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");

        await aws.CallAsync("ListClusters");
        var afterSuccess = aws.Budget.Available;
        await Assert.ThrowsAsync<CloudThrottledException>(() => aws.CallAsync("ListClusters"));
        var afterFailure = aws.Budget.Available;

        Assert.Equal(20 - 5 - 5 + 5, afterSuccess);
        Assert.Equal(afterSuccess - 5 - 5, afterFailure);
    }

    [Fact]
    public async Task A_call_stops_at_its_total_timeout_even_while_waiting_to_retry()
    {
        using var aws = new AwsClientHarness(options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.TotalTimeout = TimeSpan.FromMilliseconds(300);
            options.RetryBaseDelay = TimeSpan.FromDays(1);
            options.RetryMaxDelay = TimeSpan.FromDays(1);
        });
        aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");

        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() => aws.CallAsync("ListClusters"));

        Assert.Single(aws.Requests);
        Assert.Equal("ecs:ListClusters did not succeed within 0.3 s; the last attempt failed: AWS throttled ecs:ListClusters (ThrottlingException): Rate exceeded", error.Message);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_opens_its_circuit_calls_fail_at_once_and_other_endpoints_go_on()
    {
        using var aws = new AwsClientHarness(options =>
        {
            options.MaxAttempts = 1;
            options.CircuitBreaker.MinimumThroughput = 2;
            options.CircuitBreaker.FailureRatio = 0.5;
            options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
        });
        aws.AnswerError(HttpStatusCode.InternalServerError, "ServerException", "boom");
        aws.AnswerError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "down");
        await Assert.ThrowsAsync<CloudUnavailableException>(() => aws.CallAsync("ListClusters"));
        await Assert.ThrowsAsync<CloudUnavailableException>(() => aws.CallAsync("ListClusters"));

        var paused = await Assert.ThrowsAsync<CloudUnavailableException>(() => aws.CallAsync("UpdateService"));
        aws.Answer(HttpStatusCode.OK, new JsonObject());
        await aws.CallAsync("DescribeAlarms", AwsJsonService.CloudWatch);

        Assert.Equal(3, aws.Requests.Count);
        Assert.Contains("ecs:UpdateService was not sent: ecs.eu-west-1.amazonaws.com failed too often lately", paused.Message, StringComparison.Ordinal);
        Assert.Equal("monitoring.eu-west-1.amazonaws.com", aws.Requests.Last().Uri.Host);

        aws.Time.Advance(TimeSpan.FromSeconds(16));
        aws.Answer(HttpStatusCode.OK, Clusters);
        aws.Answer(HttpStatusCode.OK, Clusters);
        await aws.CallAsync("ListClusters");
        await aws.CallAsync("ListClusters");

        Assert.Equal(5, aws.Requests.Count);
    }

    [Fact]
    public async Task Throttling_and_refusals_do_not_open_the_circuit()
    {
        using var aws = new AwsClientHarness(options =>
        {
            options.MaxAttempts = 1;
            options.CircuitBreaker.MinimumThroughput = 2;
        });
        for (var i = 0; i < 3; i++)
        {
            aws.AnswerError(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
            aws.AnswerError(HttpStatusCode.BadRequest, "AccessDeniedException", "not allowed");
        }

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<CloudThrottledException>(() => aws.CallAsync("ListClusters"));
            await Assert.ThrowsAsync<CloudAccessDeniedException>(() => aws.CallAsync("ListClusters"));
        }

        Assert.Equal(6, aws.Requests.Count);
    }

    private static void Fail(AwsClientHarness aws, string failure)
    {
        switch (failure)
        {
            case "server error":
                aws.AnswerError(HttpStatusCode.InternalServerError, "ServerException", "Service unavailable");
                break;
            case "broken connection":
                aws.BreakConnection();
                break;
            case "truncated answer":
                aws.AnswerText(HttpStatusCode.OK, "{\"clusterArns\":[\"arn:aws:ecs:eu-");
                break;
            case "empty answer":
                aws.AnswerText(HttpStatusCode.OK, string.Empty);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(failure), failure, null);
        }
    }
}
