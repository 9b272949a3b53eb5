using System.Net;
using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;

namespace Portal.Server.Tests.Aws;

/// <summary>Expired credentials and a skewed clock heal within the call; what cannot heal is worded for people.</summary>
public class AwsHealingTests
{
    private static readonly JsonObject Clusters = new() { ["clusterArns"] = new JsonArray() };
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ExpiredTokenException", "The security token included in the request is expired")]
    [InlineData("ExpiredToken", "The provided token has expired.")]
    [InlineData("InvalidClientTokenId", "The security token included in the request is invalid.")]
    [InlineData("RequestExpired", "Request has expired.")]
    [InlineData("UnrecognizedClientException", "The security token included in the request is expired")]
    public async Task Expired_credentials_are_dropped_fetched_afresh_once_and_the_call_signed_again(string code, string message)
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, code, message, date: Now);
        aws.Answer(HttpStatusCode.OK, Clusters);

        await aws.CallAsync("ListClusters");

        var forgotten = Assert.Single(aws.Credentials.Forgotten);
        Assert.Equal("ASIAEXAMPLE1", forgotten.AccessKeyId);
        Assert.Equal(AwsClientHarness.Caller, forgotten.Caller);
        Assert.Equal(2, aws.Requests.Count);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE2/", aws.Requests.Last().Authorization, StringComparison.Ordinal);
        Assert.Equal("session-token-2", aws.Requests.Last().SecurityToken);
        Assert.Equal(1, aws.Meter.RetryTotals()[new CloudCallKey("ecs", "ListClusters", "credentials-expired")]);
    }

    [Fact]
    public async Task Credentials_still_refused_after_the_renewal_give_a_clear_error_and_are_not_renewed_again()
    {
        using var aws = new AwsClientHarness();
        for (var i = 0; i < 3; i++)
        {
            aws.AnswerError(HttpStatusCode.BadRequest, "ExpiredTokenException", "The security token included in the request is expired");
        }

        var error = await Assert.ThrowsAsync<CloudCredentialsExpiredException>(() => aws.CallAsync("ListClusters"));

        Assert.Equal(2, aws.Requests.Count);
        Assert.Single(aws.Credentials.Forgotten);
        Assert.Equal("credentials-expired", error.Outcome);
        Assert.Equal(
            "The credentials for role PortalReadOnly in account 123456789012 had expired (ExpiredTokenException); fresh ones were fetched "
            + "but AWS still refused ecs:ListClusters: The security token included in the request is expired",
            error.Message);
    }

    [Fact]
    public async Task A_write_refused_for_expired_credentials_is_sent_again_as_aws_did_not_carry_it_out()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "ExpiredTokenException", "The security token included in the request is expired");
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });

        await aws.CallAsync("UpdateService");

        Assert.Equal(2, aws.Requests.Count);
        Assert.Single(aws.Credentials.Forgotten);
    }

    [Fact]
    public async Task Healing_does_not_use_up_the_calls_retries()
    {
        using var aws = new AwsClientHarness(options => options.MaxAttempts = 1);
        aws.AnswerError(HttpStatusCode.BadRequest, "ExpiredTokenException", "The security token included in the request is expired");
        aws.Answer(HttpStatusCode.OK, Clusters);

        await aws.CallAsync("ListClusters");

        Assert.Equal(2, aws.Requests.Count);
    }

    [Theory]
    [InlineData("InvalidSignatureException", "Signature expired: 20261122T120000Z is now earlier than 20261122T120500Z (20261122T121000Z - 5 min.)")]
    [InlineData("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")]
    [InlineData("RequestExpired", "Request has expired.")]
    public async Task A_clock_ten_minutes_behind_is_corrected_from_awss_date_and_the_offset_signs_later_calls(string code, string message)
    {
        using var aws = new AwsClientHarness();
        var awsTime = Now.AddMinutes(10);
        aws.AnswerError(HttpStatusCode.BadRequest, code, message, date: awsTime);
        aws.Answer(HttpStatusCode.OK, Clusters);
        aws.Answer(HttpStatusCode.OK, Clusters);

        await aws.CallAsync("ListClusters");
        await aws.CallAsync("DescribeClusters");

        Assert.Equal(["20261122T120000Z", "20261122T121000Z", "20261122T121000Z"], aws.Requests.Select(r => r.AmzDate));
        Assert.Equal(TimeSpan.FromMinutes(10), aws.Clock.Offset("ecs.eu-west-1.amazonaws.com"));
        Assert.Empty(aws.Credentials.Forgotten);
        Assert.Equal(1, aws.Meter.RetryTotals()[new CloudCallKey("ecs", "ListClusters", "clock-skew")]);
    }

    [Fact]
    public async Task A_clock_ahead_of_aws_is_corrected_too()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "InvalidSignatureException",
            "Signature not yet current: 20261122T120000Z is still later than 20261122T115500Z (20261122T115000Z + 5 min.)", date: Now.AddMinutes(-10));
        aws.Answer(HttpStatusCode.OK, Clusters);

        await aws.CallAsync("ListClusters");

        Assert.Equal("20261122T115000Z", aws.Requests.Last().AmzDate);
    }

    [Fact]
    public async Task A_skew_that_signing_with_awss_time_does_not_cure_is_worded_as_the_hosts_clock()
    {
        using var aws = new AwsClientHarness();
        for (var i = 0; i < 3; i++)
        {
            aws.AnswerError(HttpStatusCode.BadRequest, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", date: Now.AddMinutes(10));
        }

        var error = await Assert.ThrowsAsync<CloudClockSkewException>(() => aws.CallAsync("ListClusters"));

        Assert.Equal(2, aws.Requests.Count);
        Assert.Equal("clock-skew", error.Outcome);
        Assert.StartsWith("This host's clock is 10 minute(s) behind AWS's; ecs:ListClusters was signed again with AWS's time but AWS still refused it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skew_refusal_without_a_date_cannot_be_corrected_and_says_to_check_the_clock()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "InvalidSignatureException", "Signature expired: 20261122T120000Z is now earlier than 20261122T120500Z (20261122T121000Z - 5 min.)");

        var error = await Assert.ThrowsAsync<CloudClockSkewException>(() => aws.CallAsync("ListClusters"));

        Assert.Single(aws.Requests);
        Assert.Contains("check this host's clock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_signature_that_is_not_about_time_stays_access_denied_and_is_not_retried()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerError(HttpStatusCode.BadRequest, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided.", date: Now);

        var error = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => aws.CallAsync("ListClusters"));

        Assert.Single(aws.Requests);
        Assert.Empty(aws.Credentials.Forgotten);
        Assert.Contains("Role PortalReadOnly in account 123456789012 may not call ecs:ListClusters", error.Message, StringComparison.Ordinal);
    }
}
