using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Costs;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Aws;

/// <summary>Assumed-role credentials per (role, session name, external id), each renewed on its own.</summary>
public sealed class AssumeRoleBrokerTests : IAsyncLifetime
{
    private const string Account = "555566667777";
    private const string CostAccount = "999988887777";
    private const string ReadRole = $"arn:aws:iam::{Account}:role/ops/PortalReadOnly";
    private const string DeployerRole = $"arn:aws:iam::{Account}:role/deploy/PortalDeployer";
    private static readonly CloudCaller Reader = new(Account, "eu-west-1", "PortalReadOnly", "portal");
    private static readonly CloudCaller Deployer = new(Account, "eu-west-1", "PortalDeployer", "token-release-bot");
    private ScriptedSts _sts = default!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDPORTALTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "portal-test-secret");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _sts = await ScriptedSts.StartAsync();
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public async Task Each_session_name_has_its_own_credentials_and_its_requests_carry_its_own_key()
    {
        using var broker = Broker();
        using var aws = new AwsClientHarness(broker: broker);
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["service"] = new JsonObject() });

        await aws.Client.CallAsync(AwsJsonService.Ecs, "UpdateService", Deployer, [], CancellationToken.None);
        await aws.Client.CallAsync(AwsJsonService.Ecs, "UpdateService", Deployer with { SessionName = "token-nightly" }, [], CancellationToken.None);
        await aws.Client.CallAsync(AwsJsonService.Ecs, "UpdateService", Deployer, [], CancellationToken.None);

        Assert.Equal(
            [(DeployerRole, "token-release-bot"), (DeployerRole, "token-nightly")],
            _sts.Asked.Select(a => (a.RoleArn, a.SessionName)));
        var keys = aws.Requests.Select(r => r.Authorization!.Split('=')[1].Split('/')[0]).ToList();
        Assert.Equal(["ASIA1-token-release-bot", "ASIA2-token-nightly", "ASIA1-token-release-bot"], keys);
    }

    [Fact]
    public async Task A_slow_sts_answer_for_one_role_holds_up_only_that_roles_callers()
    {
        using var broker = Broker();
        _sts.Hold(ReadRole);

        var slow = broker.GetAsync(Reader, CancellationToken.None);
        var alsoWaiting = broker.GetAsync(Reader, CancellationToken.None);
        var other = await broker.GetAsync(Deployer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(slow.IsCompleted);
        Assert.StartsWith("ASIA", other.AccessKeyId, StringComparison.Ordinal);
        _sts.Release(ReadRole);
        var first = await slow.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Same(first, await alsoWaiting.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(2, _sts.Asked.Count);
    }

    [Fact]
    public async Task Each_role_is_assumed_with_its_own_external_id()
    {
        using var broker = Broker();

        await broker.GetAsync(Reader, CancellationToken.None);
        await broker.GetAsync(Deployer, CancellationToken.None);
        await broker.GetAsync(new CloudCaller(CostAccount, "us-east-1", "PortalCostExplorer", "portal"), CancellationToken.None);
        await broker.GetAsync(Reader with { RoleName = "Unconfigured" }, CancellationToken.None);

        Assert.Equal(
            [
                (ReadRole, "read-id"),
                (DeployerRole, "deploy-id"),
                ($"arn:aws:iam::{CostAccount}:role/PortalCostExplorer", "cost-id"),
                ($"arn:aws:iam::{Account}:role/Unconfigured", null),
            ],
            _sts.Asked.Select(a => (a.RoleArn, a.ExternalId)));
    }

    [Fact]
    public async Task A_tokens_session_name_reaches_sts_made_valid()
    {
        using var broker = Broker();

        await broker.GetAsync(Deployer with { SessionName = "token-ci deploy (main)" }, CancellationToken.None);

        Assert.Equal("token-ci-deploy--main-", Assert.Single(_sts.Asked).SessionName);
    }

    [Fact]
    public async Task A_role_not_configured_is_assumed_in_the_partition_of_the_callers_region()
    {
        using var broker = Broker();

        await broker.GetAsync(new CloudCaller(Account, "cn-north-1", "Deployer", "portal"), CancellationToken.None);

        Assert.Equal($"arn:aws-cn:iam::{Account}:role/Deployer", Assert.Single(_sts.Asked).RoleArn);
    }

    [Fact]
    public async Task Forgotten_credentials_are_assumed_afresh_but_credentials_renewed_meanwhile_are_kept()
    {
        using var broker = Broker();
        var first = await broker.GetAsync(Reader, CancellationToken.None);

        broker.Forget(Reader, first);
        var renewed = await broker.GetAsync(Reader, CancellationToken.None);
        broker.Forget(Reader, first);
        var kept = await broker.GetAsync(Reader, CancellationToken.None);

        Assert.NotSame(first, renewed);
        Assert.Same(renewed, kept);
        Assert.Equal(2, _sts.Asked.Count);
    }

    [Fact]
    public async Task Expired_credentials_heal_through_the_broker_within_the_call()
    {
        using var broker = Broker();
        using var aws = new AwsClientHarness(broker: broker);
        aws.AnswerError(HttpStatusCode.BadRequest, "ExpiredTokenException", "The security token included in the request is expired");
        aws.Answer(HttpStatusCode.OK, new JsonObject { ["clusterArns"] = new JsonArray() });

        await aws.Client.CallAsync(AwsJsonService.Ecs, "ListClusters", Reader, [], CancellationToken.None);

        Assert.Equal(2, _sts.Asked.Count);
        Assert.Contains("Credential=ASIA2-portal/", aws.Requests.Last().Authorization, StringComparison.Ordinal);
    }

    private AssumeRoleCredentialBroker Broker()
    {
        var options = Options.Create(new AwsOptions
        {
            Environments =
            [
                new AwsEnvironmentOptions
                {
                    Name = "prod", AccountId = Account, Region = "eu-west-1", ReadRoleArn = ReadRole, ExternalId = "read-id",
                    DeployerRoleArn = DeployerRole, DeployerExternalId = "deploy-id",
                },
            ],
        });
        var costs = Options.Create(new CostOptions { AccountId = CostAccount, RoleName = "PortalCostExplorer", ExternalId = "cost-id" });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_STS"] = _sts.Endpoint.ToString() }).Build();
        return new AssumeRoleCredentialBroker(options, costs, new AwsEndpoints(configuration), new ManualTimeProvider(DateTimeOffset.UtcNow), NullLogger<AssumeRoleCredentialBroker>.Instance);
    }
}
