using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.LoadBalancing;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// ELBv2 over the query protocol: the request the adapter sends fits the ELBv2 model, the XML answer is read,
/// XML errors map to the portal's own errors; and the same through the fake AWS endpoint over real HTTP.
/// </summary>
public sealed class AwsLoadBalancingTests
{
    private const string TargetGroup = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/dev-tracking-api/73e2d6bc24d8a067";
    private static readonly AwsServiceModel Model = AwsServiceModel.Load("elbv2");

    private const string Answer = """
        <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
          <DescribeTargetHealthResult>
            <TargetHealthDescriptions>
              <member>
                <Target><Id>10.0.1.17</Id><Port>8080</Port><AvailabilityZone>eu-west-1a</AvailabilityZone></Target>
                <HealthCheckPort>8080</HealthCheckPort>
                <TargetHealth><State>healthy</State></TargetHealth>
              </member>
              <member>
                <Target><Id>10.0.2.31</Id><Port>8080</Port></Target>
                <HealthCheckPort>8080</HealthCheckPort>
                <TargetHealth>
                  <State>unhealthy</State>
                  <Reason>Target.ResponseCodeMismatch</Reason>
                  <Description>Health checks failed with these codes: [502]</Description>
                </TargetHealth>
              </member>
            </TargetHealthDescriptions>
          </DescribeTargetHealthResult>
          <ResponseMetadata><RequestId>a1b2</RequestId></ResponseMetadata>
        </DescribeTargetHealthResponse>
        """;

    [Fact]
    public async Task DescribeTargetHealth_is_a_signed_form_that_fits_the_model_and_its_XML_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerText(HttpStatusCode.OK, Answer);

        var response = await new AwsLoadBalancing(aws.Client).DescribeTargetHealthAsync(AwsClientHarness.Caller, new DescribeTargetHealthRequest(TargetGroup), CancellationToken.None);

        var sent = Assert.Single(aws.Requests);
        Assert.Null(sent.Target);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", sent.ContentType);
        Assert.Contains("/eu-west-1/elasticloadbalancing/aws4_request", sent.Authorization, StringComparison.Ordinal);
        Assert.Equal("https://elasticloadbalancing.eu-west-1.amazonaws.com/", sent.Uri.ToString());
        var (operation, problems) = AwsQueryRequest.Validate(Model, sent.Text!);
        Assert.Equal("DescribeTargetHealth", operation);
        Assert.Empty(problems);
        Assert.Contains(AwsQueryRequest.Parse(sent.Text!), p => p.Key == "TargetGroupArn" && p.Value == TargetGroup);

        Assert.Equal(2, response.TargetHealthDescriptions.Count);
        Assert.Equal(new TargetHealthDescription("10.0.1.17", 8080, "eu-west-1a", "8080", "healthy", null, null), response.TargetHealthDescriptions[0]);
        var unhealthy = response.TargetHealthDescriptions[1];
        Assert.Equal(("10.0.2.31", "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]"),
            (unhealthy.TargetId, unhealthy.State, unhealthy.Reason, unhealthy.Description));
    }

    [Fact]
    public async Task An_empty_target_group_answers_no_targets()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerText(HttpStatusCode.OK, """
            <DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
              <DescribeTargetHealthResult><TargetHealthDescriptions/></DescribeTargetHealthResult>
            </DescribeTargetHealthResponse>
            """);

        var response = await new AwsLoadBalancing(aws.Client).DescribeTargetHealthAsync(AwsClientHarness.Caller, new DescribeTargetHealthRequest(TargetGroup), CancellationToken.None);

        Assert.Empty(response.TargetHealthDescriptions);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "TargetGroupNotFound", typeof(CloudNotFoundException))]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", typeof(CloudAccessDeniedException))]
    [InlineData(HttpStatusCode.BadRequest, "ValidationError", typeof(CloudValidationException))]
    public async Task XML_errors_become_the_portals_own(HttpStatusCode status, string code, Type expected)
    {
        using var aws = new AwsClientHarness();
        aws.AnswerText(status, $"""
            <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>Something about {code}</Message></Error>
              <RequestId>r-1</RequestId>
            </ErrorResponse>
            """);

        var error = await Assert.ThrowsAnyAsync<CloudException>(() =>
            new AwsLoadBalancing(aws.Client).DescribeTargetHealthAsync(AwsClientHarness.Caller, new DescribeTargetHealthRequest(TargetGroup), CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal("elasticloadbalancing", error.Service);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.Single(aws.Requests);
    }

    [Fact]
    public async Task Expired_credentials_in_an_XML_error_are_renewed_and_the_call_is_sent_again()
    {
        using var aws = new AwsClientHarness();
        aws.AnswerText(HttpStatusCode.BadRequest, """
            <ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error></ErrorResponse>
            """);
        aws.AnswerText(HttpStatusCode.OK, Answer);

        var response = await new AwsLoadBalancing(aws.Client).DescribeTargetHealthAsync(AwsClientHarness.Caller, new DescribeTargetHealthRequest(TargetGroup), CancellationToken.None);

        Assert.Equal(2, response.TargetHealthDescriptions.Count);
        Assert.Equal(["ASIAEXAMPLE1"], aws.Credentials.Forgotten.Select(f => f.AccessKeyId));
        Assert.Equal(2, aws.Requests.Count);
    }

    [Fact]
    public void The_query_validator_refuses_what_the_model_does_not_allow()
    {
        var (_, missing) = AwsQueryRequest.Validate(Model, "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroup=x");
        var (_, wrongVersion) = AwsQueryRequest.Validate(Model, "Action=DescribeTargetHealth&Version=2016-01-01&TargetGroupArn=x");
        var (_, listed) = AwsQueryRequest.Validate(Model, "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=x&Targets.member.1.Id=10.0.0.1&Targets.member.1.Port=8080");
        var (unknown, _) = AwsQueryRequest.Validate(Model, "Action=DescribeTargetHealthy&Version=2015-12-01");

        Assert.Contains(missing, p => p.Contains("TargetGroupArn", StringComparison.Ordinal));
        Assert.Contains(missing, p => p.Contains("TargetGroup", StringComparison.Ordinal) && !p.Contains("TargetGroupArn", StringComparison.Ordinal));
        Assert.Contains(wrongVersion, p => p.StartsWith("Version", StringComparison.Ordinal));
        Assert.Empty(listed);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task Through_the_fake_AWS_endpoint_target_health_is_read_and_an_unknown_group_is_not_found()
    {
        await using var fake = await FakeAws.StartAsync();
        fake.TargetGroups[TargetGroup] =
        [
            new FakeTarget("10.0.1.17", 8080, "healthy"),
            new FakeTarget("10.0.2.31", 8080, "unhealthy", "Target.Timeout", "Request timed out"),
            new FakeTarget("10.0.3.44", 8080, "draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"),
        ];
        using var client = new RealClient(fake.Endpoint);
        var adapter = new AwsLoadBalancing(client.Client);
        var caller = new CloudCaller("123456789012", FakeAws.Region, "PortalReadOnly", "portal");

        var response = await adapter.DescribeTargetHealthAsync(caller, new DescribeTargetHealthRequest(TargetGroup), CancellationToken.None);
        var missing = await Assert.ThrowsAsync<CloudNotFoundException>(() =>
            adapter.DescribeTargetHealthAsync(caller, new DescribeTargetHealthRequest(TargetGroup + "0"), CancellationToken.None));

        Assert.Equal(["healthy", "unhealthy", "draining"], response.TargetHealthDescriptions.Select(t => t.State));
        Assert.Equal("Request timed out", response.TargetHealthDescriptions[1].Description);
        Assert.Contains("TargetGroupNotFound", missing.Message, StringComparison.Ordinal);
        Assert.All(fake.ElbRequests, r => Assert.Empty(r.Problems));
        Assert.Equal([200, 400], fake.ElbRequests.Select(r => r.AnsweredStatus));
    }

    /// <summary>The real client over HTTP to an endpoint override, signing with a session key of the caller's account.</summary>
    private sealed class RealClient : IDisposable
    {
        private readonly HttpClient _http = new();
        private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        private readonly AwsCallPipelines _pipelines;
        private readonly CloudCallMeter _meter;

        public RealClient(Uri endpoint)
        {
            var options = new AwsOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2) };
            _meter = new CloudCallMeter(_metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
            var budget = new RetryBudget(options.RetryBudget);
            _pipelines = new AwsCallPipelines(Options.Create(options), new AwsRetryRules(Options.Create(options), budget), _meter, TimeProvider.System, NullLogger<AwsCallPipelines>.Instance);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = endpoint.ToString() }).Build();
            Client = new AwsJsonClient(_http, new AccountKey(), new AwsEndpoints(configuration), new AwsRequestSigner(),
                new AwsClock(TimeProvider.System, NullLogger<AwsClock>.Instance), _pipelines, budget);
        }

        public AwsJsonClient Client { get; }

        public void Dispose()
        {
            _http.Dispose();
            _pipelines.Dispose();
            _meter.Dispose();
            _metrics.Dispose();
        }
    }

    private sealed class AccountKey : IAwsCredentialBroker
    {
        public Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken) =>
            Task.FromResult(new AwsSigningCredentials($"ASIA{caller.AccountId}ABCD", "secret", "token", DateTimeOffset.MaxValue));

        public void Forget(CloudCaller caller, AwsSigningCredentials stale)
        {
        }
    }
}
