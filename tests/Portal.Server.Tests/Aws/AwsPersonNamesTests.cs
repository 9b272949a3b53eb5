using Microsoft.Extensions.Configuration;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.SignIn;
using Portal.Server.Tests.IdentityCenter;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// Naming the person behind an Identity Center token: role credentials for their first assignment from
/// the (fake) SSO portal API, then the (fake) STS GetCallerIdentity signed with them.
/// </summary>
public sealed class AwsPersonNamesTests : IAsyncLifetime
{
    private const string Dev = "111111111111";
    private const string Prod = "333333333333";

    private FakeIdentityCenter _identityCenter = default!;
    private FakeAws _aws = default!;
    private AwsIdentityCenter _adapter = default!;

    public async Task InitializeAsync()
    {
        _identityCenter = await FakeIdentityCenter.StartAsync();
        _identityCenter.TokenIsValid = _ => true;
        _identityCenter.UserName = "bob@example.com";
        _identityCenter.Assignments[Dev] = ("Development", ["Deployer"]);
        _identityCenter.Assignments[Prod] = ("Production", ["ReadOnly"]);
        _aws = await FakeAws.StartAsync();
        _aws.SessionHolders = _identityCenter.RoleCredentialsOf;
        _adapter = new AwsIdentityCenter(Options(), Endpoints(), TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _adapter.Dispose();
        await _aws.DisposeAsync();
        await _identityCenter.DisposeAsync();
    }

    [Theory]
    [InlineData("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Deployer_0123456789abcdef/alice@example.com", "alice@example.com")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/sam", "sam")]
    [InlineData("arn:aws:iam::111111111111:user/ops/carol", "carol")]
    public void The_user_name_is_the_last_segment_of_the_arn(string arn, string userName) =>
        Assert.Equal(userName, AwsPersonNames.UserNameOf(arn));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("arn:aws:iam::111111111111:root")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Deployer_0123456789abcdef/")]
    public void An_arn_without_a_session_name_is_reported_as_sts_unavailable(string? arn)
    {
        var error = Assert.Throws<CloudUnavailableException>(() => AwsPersonNames.UserNameOf(arn));

        Assert.Equal("sts", error.Service);
        Assert.Equal("GetCallerIdentity", error.Operation);
    }

    [Fact]
    public async Task Sts_names_the_person_from_credentials_for_their_first_assignment()
    {
        var name = await Names().NameAsync(Identity(Assignment(Dev, "dev", "Deployer"), Assignment(Prod, "prod", "ReadOnly")), CancellationToken.None);

        Assert.Equal(new PersonName("bob@example.com", "bob@example.com"), name);
        Assert.Equal(1, _identityCenter.Count("/federation/credentials"));
        Assert.Contains(_identityCenter.Requests, r => r.PathAndQuery == $"/federation/credentials?account_id={Dev}&role_name=Deployer" && r.Bearer == "token-of-bob");
        var (action, authorization) = Assert.Single(_aws.StsRequests);
        Assert.Equal("GetCallerIdentity", action);
        Assert.Contains($"Credential=ASIA{Dev}", authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_sts_does_not_know_are_reported_as_unavailable_with_stss_error()
    {
        _aws.SessionHolders = _ => null;

        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() =>
            Names().NameAsync(Identity(Assignment(Dev, "dev", "Deployer")), CancellationToken.None));

        Assert.Equal("sts", error.Service);
        Assert.Contains("InvalidClientTokenId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_without_any_assignment_cannot_be_named()
    {
        var error = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => Names().NameAsync(Identity(), CancellationToken.None));

        Assert.Contains("no role", error.Message, StringComparison.Ordinal);
        Assert.Empty(_aws.StsRequests);
    }

    private AwsPersonNames Names() => new(_adapter, Endpoints(), Options());

    private AwsEndpoints Endpoints() => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AWS_ENDPOINT_URL_SSO"] = _identityCenter.Endpoint.ToString(),
        ["AWS_ENDPOINT_URL_STS"] = _aws.Endpoint.ToString(),
    }).Build());

    private static Microsoft.Extensions.Options.IOptions<AwsOptions> Options() => Microsoft.Extensions.Options.Options.Create(new AwsOptions
    {
        IdentityCenter = new AwsIdentityCenterOptions { StartUrl = "https://example-org.awsapps.com/start", Region = FakeAws.Region },
    });

    private static SignedInIdentity Identity(params RoleAssignment[] assignments) =>
        new("token-of-bob", DateTimeOffset.UtcNow.AddHours(8), assignments);

    private static RoleAssignment Assignment(string accountId, string environment, string role) => new(accountId, environment, environment, role);
}
