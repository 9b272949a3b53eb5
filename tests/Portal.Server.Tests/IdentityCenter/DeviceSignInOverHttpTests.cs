using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.IdentityCenter;

/// <summary>
/// The device flow through the real SDK clients (AwsIdentityCenter) against a fake Identity Center
/// endpoint named by AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO. Polling waits run on a
/// stepping clock, so seconds of waiting take none.
/// </summary>
public sealed class DeviceSignInOverHttpTests : IAsyncLifetime
{
    private const string StartUrl = "https://example-org.awsapps.com/start";
    private const string Dev = "111111111111";
    private const string Prod = "333333333333";
    private const string Sandbox = "999999999999";

    private readonly SteppingClock _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly List<IDisposable> _disposables = [];
    private FakeIdentityCenter _fake = default!;

    public async Task InitializeAsync()
    {
        _fake = await FakeIdentityCenter.StartAsync();
        _fake.Now = _clock.GetUtcNow;
        _fake.Assignments[Dev] = ("Development", ["Deployer", "ReadOnly"]);
        _fake.Assignments[Prod] = ("Production", ["ReadOnly"]);
        _fake.Assignments[Sandbox] = ("Sandbox", ["Administrator"]);
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Approval_after_two_pendings_signs_in_with_every_assignment_named_by_its_environment()
    {
        _fake.TokenScript.Enqueue("authorization_pending");
        _fake.TokenScript.Enqueue("authorization_pending");
        _fake.TokenScript.Enqueue(FakeIdentityCenter.Approve);
        var signIn = SignIn();

        var pending = await signIn.StartAsync(CancellationToken.None);
        var outcome = await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None));

        Assert.Matches("^WXYZ-[0-9]{4}$", pending.UserCode);
        Assert.Equal($"https://device.sso.eu-west-1.amazonaws.com/?user_code={pending.UserCode}", pending.VerificationUriComplete);
        var identity = Assert.IsType<SignInOutcome.SignedIn>(outcome).Identity;
        Assert.Equal(
            ["dev/Deployer", "dev/ReadOnly", "prod/ReadOnly", "Sandbox/Administrator"],
            identity.Assignments.Select(a => a.ToString()));
        Assert.Null(identity.Assignments.Single(a => a.AccountId == Sandbox).Environment);
        Assert.Equal(["Deployer", "ReadOnly"], identity.RolesIn("dev"));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(8), identity.ExpiresAt);
        Assert.Equal(3, _fake.Count("/token"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], _clock.Waits);
        Assert.DoesNotContain(identity.AccessToken, identity.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sdk_calls_the_documented_rest_paths_with_the_bearer_token_header()
    {
        _fake.TokenScript.Enqueue(FakeIdentityCenter.Approve);
        var signIn = SignIn();

        var pending = await signIn.StartAsync(CancellationToken.None);
        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None))).Identity;
        await Adapter().GetRoleCredentialsAsync(identity.AccessToken, Prod, "ReadOnly", CancellationToken.None);

        var requests = _fake.Requests.ToList();
        Assert.Equal(
            [
                "POST /client/register",
                "POST /device_authorization",
                "POST /token",
                "GET /assignment/accounts?max_result=100",
                "GET /assignment/accounts?max_result=100&next_token=1",
                "GET /assignment/accounts?max_result=100&next_token=2",
                $"GET /assignment/roles?account_id={Dev}&max_result=100",
                $"GET /assignment/roles?account_id={Dev}&max_result=100&next_token=1",
                $"GET /assignment/roles?account_id={Prod}&max_result=100",
                $"GET /assignment/roles?account_id={Sandbox}&max_result=100",
                $"GET /federation/credentials?account_id={Prod}&role_name=ReadOnly",
            ],
            requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Equal("public", requests[0].Body!["clientType"]!.GetValue<string>());
        Assert.Equal(StartUrl, requests[1].Body!["startUrl"]!.GetValue<string>());
        Assert.Equal("urn:ietf:params:oauth:grant-type:device_code", requests[2].Body!["grantType"]!.GetValue<string>());
        Assert.Equal(pending.Authorization.DeviceCode, requests[2].Body!["deviceCode"]!.GetValue<string>());
        Assert.All(requests.Where(r => r.Method == "GET"), r => Assert.Equal(identity.AccessToken, r.Bearer));
        Assert.All(requests.Where(r => r.Method == "POST"), r => Assert.Null(r.Bearer));
    }

    [Fact]
    public async Task Slow_down_adds_five_seconds_to_the_polling_interval_and_is_not_retried_by_the_sdk()
    {
        _fake.TokenScript.Enqueue("slow_down");
        _fake.TokenScript.Enqueue("authorization_pending");
        _fake.TokenScript.Enqueue(FakeIdentityCenter.Approve);
        var signIn = SignIn();

        var pending = await signIn.StartAsync(CancellationToken.None);
        var outcome = await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None));

        Assert.IsType<SignInOutcome.SignedIn>(outcome);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(6)], _clock.Waits);
        Assert.Equal(3, _fake.Count("/token"));
    }

    [Fact]
    public async Task A_declined_request_ends_the_sign_in_as_declined()
    {
        _fake.TokenScript.Enqueue("authorization_pending");
        _fake.TokenScript.Enqueue("access_denied");
        var signIn = SignIn();

        var pending = await signIn.StartAsync(CancellationToken.None);
        var outcome = await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None));

        var declined = Assert.IsType<SignInOutcome.Declined>(outcome);
        Assert.Equal("The user denied the authorization request", declined.Reason);
        Assert.Equal(2, _fake.Count("/token"));
        Assert.Equal(0, _fake.Count("/assignment/accounts"));
    }

    [Theory]
    [InlineData("expired_token", "Device code has expired")]
    [InlineData("invalid_grant", "Invalid grant provided")]
    public async Task A_device_code_the_service_calls_expired_ends_the_sign_in_as_expired(string answer, string reason)
    {
        _fake.TokenScript.Enqueue("authorization_pending");
        _fake.TokenScript.Enqueue(answer);
        var signIn = SignIn();

        var pending = await signIn.StartAsync(CancellationToken.None);
        var outcome = await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None));

        Assert.Equal(reason, Assert.IsType<SignInOutcome.Expired>(outcome).Reason);
        Assert.Equal(2, _fake.Count("/token"));
    }

    [Fact]
    public async Task A_code_nobody_confirms_expires_by_the_clock_without_polling_past_its_expiry()
    {
        _fake.DeviceCodeExpiresInSeconds = 3;
        _fake.IntervalSeconds = 2;
        var signIn = SignIn();

        var pending = await signIn.StartAsync(CancellationToken.None);
        var outcome = await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None));

        Assert.IsType<SignInOutcome.Expired>(outcome);
        Assert.Equal(pending.ExpiresAt, _clock.GetUtcNow());
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)], _clock.Waits);
        Assert.Equal(1, _fake.Count("/token"));
    }

    [Fact]
    public async Task The_client_registration_is_reused_until_it_nears_its_expiry()
    {
        _fake.ClientLifetime = TimeSpan.FromHours(2);
        var signIn = SignIn();

        var first = await signIn.StartAsync(CancellationToken.None);
        var second = await signIn.StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var third = await signIn.StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(50));
        var fourth = await signIn.StartAsync(CancellationToken.None);

        Assert.Equal(2, _fake.Count("/client/register"));
        Assert.Equal(first.Client.ClientId, second.Client.ClientId);
        Assert.Equal(first.Client.ClientId, third.Client.ClientId);
        Assert.NotEqual(first.Client.ClientId, fourth.Client.ClientId);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(2), fourth.Client.ExpiresAt);
        Assert.DoesNotContain(first.Client.ClientSecret, first.Client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_the_service_no_longer_accepts_is_replaced_once()
    {
        var signIn = SignIn();
        var first = await signIn.StartAsync(CancellationToken.None);
        _fake.RevokeClients();

        var second = await signIn.StartAsync(CancellationToken.None);

        Assert.NotEqual(first.Client.ClientId, second.Client.ClientId);
        Assert.Equal(2, _fake.Count("/client/register"));
        Assert.Equal(3, _fake.Count("/device_authorization"));
    }

    [Fact]
    public async Task Cancelling_stops_the_polling()
    {
        var signIn = SignIn();
        var pending = await signIn.StartAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var polling = signIn.CompleteAsync(pending, cancel.Token);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => _fake.Count("/token") == 1 && _clock.Waits.Count == 2);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => polling);
        Assert.Equal(1, _fake.Count("/token"));
    }

    [Fact]
    public async Task Role_credentials_come_with_their_expiry_and_an_ended_session_asks_for_sign_in_again()
    {
        _fake.TokenScript.Enqueue(FakeIdentityCenter.Approve);
        var signIn = SignIn();
        var pending = await signIn.StartAsync(CancellationToken.None);
        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None))).Identity;
        var adapter = Adapter();

        var credentials = await adapter.GetRoleCredentialsAsync(identity.AccessToken, Dev, "Deployer", CancellationToken.None);
        var notAssigned = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => adapter.GetRoleCredentialsAsync(identity.AccessToken, Prod, "Deployer", CancellationToken.None));
        _fake.RevokeTokens();
        var ended = await Assert.ThrowsAsync<CloudUnauthorizedException>(() => adapter.ListAccountsAsync(new ListAccountsRequest(identity.AccessToken), CancellationToken.None));

        Assert.StartsWith($"ASIA{Dev}", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.StartsWith("session-Deployer-", credentials.SessionToken, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(1), credentials.Expiration);
        Assert.Contains("No access", notAssigned.Message, StringComparison.Ordinal);
        Assert.Contains("sign in again", ended.Message, StringComparison.Ordinal);
        Assert.Equal("unauthorized", ended.Outcome);
    }

    [Fact]
    public async Task Each_api_goes_to_its_own_endpoint_variable()
    {
        await using var portal = await FakeIdentityCenter.StartAsync();
        portal.TokenIsValid = _fake.Issued;
        portal.Assignments[Dev] = ("Development", ["ReadOnly"]);
        _fake.TokenScript.Enqueue(FakeIdentityCenter.Approve);
        var signIn = SignIn(Adapter(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/",
            ["AWS_ENDPOINT_URL_SSO_OIDC"] = _fake.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SSO"] = portal.Endpoint.ToString(),
        }));

        var pending = await signIn.StartAsync(CancellationToken.None);
        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None))).Identity;

        Assert.Equal(["dev/ReadOnly"], identity.Assignments.Select(a => a.ToString()));
        Assert.All(_fake.Requests, r => Assert.Equal("POST", r.Method));
        Assert.All(portal.Requests, r => Assert.Equal("GET", r.Method));
        Assert.Equal(2, portal.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_identity_center_is_reported_as_unavailable()
    {
        var adapter = Adapter(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9/" });

        var error = await Assert.ThrowsAsync<CloudUnavailableException>(() => adapter.RegisterClientAsync("portal", CancellationToken.None));

        Assert.Equal("sso-oidc", error.Service);
        Assert.Equal("RegisterClient", error.Operation);
    }

    [Fact]
    public void Without_a_region_the_adapter_says_which_setting_is_missing_when_first_used()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AwsOptions());
        using var adapter = new AwsIdentityCenter(options, new AwsEndpoints(new ConfigurationBuilder().Build()), _clock);

        var error = Assert.Throws<InvalidOperationException>(() => adapter.RegisterClientAsync("portal", CancellationToken.None).GetAwaiter().GetResult());

        Assert.Contains("Aws:IdentityCenter:Region", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(10);
        }
    }

    private DeviceSignIn SignIn(AwsIdentityCenter? adapter = null)
    {
        var signIn = new DeviceSignIn(adapter ?? Adapter(), new AwsEnvironmentCatalog(Options()), new DeviceSignInSettings(StartUrl), _clock, NullLogger<DeviceSignIn>.Instance);
        _disposables.Add(signIn);
        return signIn;
    }

    private AwsIdentityCenter Adapter(Dictionary<string, string?>? endpoints = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(endpoints ?? new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_SSO_OIDC"] = _fake.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_SSO"] = _fake.Endpoint.ToString(),
        }).Build();
        var adapter = new AwsIdentityCenter(Options(), new AwsEndpoints(configuration), _clock);
        _disposables.Add(adapter);
        return adapter;
    }

    private static IOptions<AwsOptions> Options() => Microsoft.Extensions.Options.Options.Create(new AwsOptions
    {
        Environments =
        [
            Environment("dev", Dev),
            Environment("prod", Prod),
        ],
        IdentityCenter = new AwsIdentityCenterOptions { StartUrl = StartUrl, Region = "eu-west-1" },
    });

    private static AwsEnvironmentOptions Environment(string name, string account) => new()
    {
        Name = name,
        AccountId = account,
        Region = "eu-west-1",
        ReadRoleArn = $"arn:aws:iam::{account}:role/PortalReadOnly",
    };
}
