using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Costs;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Aws;

public sealed class CredentialBrokerTests : IAsyncLifetime
{
    private const string Account = "444455556666";
    private const string ReadRole = $"arn:aws:iam::{Account}:role/ops/PortalReadOnly";
    private static readonly CloudCaller Reader = new(Account, "eu-west-1", "PortalReadOnly", "portal");
    private FakeAws _aws = default!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDPORTALTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "portal-test-secret");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        _aws = await FakeAws.StartAsync();
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task A_roles_credentials_are_reused_until_five_minutes_before_they_expire_then_renewed()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var broker = Broker(clock);

        var first = await broker.GetAsync(Reader, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(50));
        var reused = await broker.GetAsync(Reader, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(6));
        var renewed = await broker.GetAsync(Reader, CancellationToken.None);

        Assert.Same(first, reused);
        Assert.NotSame(first, renewed);
        Assert.Equal([ReadRole, ReadRole], _aws.AssumedRoles);
        Assert.StartsWith($"ASIA{Account}", first.AccessKeyId, StringComparison.Ordinal);
        Assert.StartsWith($"fake-session-{Account}", first.SessionToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configured_role_arn_with_its_path_is_assumed_for_the_role_name()
    {
        using var broker = Broker(new ManualTimeProvider(DateTimeOffset.UtcNow));

        await broker.GetAsync(Reader, CancellationToken.None);
        await broker.GetAsync(Reader with { RoleName = "Deployer" }, CancellationToken.None);

        Assert.Equal([ReadRole, $"arn:aws:iam::{Account}:role/Deployer"], _aws.AssumedRoles);
    }

    [Fact]
    public async Task A_role_that_cannot_be_assumed_is_access_denied_naming_the_role()
    {
        _aws.RefuseAssume(ReadRole);
        using var broker = Broker(new ManualTimeProvider(DateTimeOffset.UtcNow));

        var error = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => broker.GetAsync(Reader, CancellationToken.None));

        Assert.Contains(ReadRole, error.Message, StringComparison.Ordinal);
        Assert.Contains("trust policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_sts_is_reported_as_unavailable_naming_the_role()
    {
        using var broker = Broker(new ManualTimeProvider(DateTimeOffset.UtcNow), new Uri("http://127.0.0.1:9/"));

        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() => broker.GetAsync(Reader, CancellationToken.None));

        Assert.Contains("STS could not be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains(ReadRole, error.Message, StringComparison.Ordinal);
    }

    private AssumeRoleCredentialBroker Broker(TimeProvider clock, Uri? sts = null)
    {
        var options = Options.Create(new AwsOptions
        {
            Environments = [new AwsEnvironmentOptions { Name = "prod", AccountId = Account, Region = "eu-west-1", ReadRoleArn = ReadRole }],
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_STS"] = (sts ?? _aws.Endpoint).ToString() }).Build();
        return new AssumeRoleCredentialBroker(options, Options.Create(new CostOptions()), new AwsEndpoints(configuration), clock, NullLogger<AssumeRoleCredentialBroker>.Instance);
    }
}
