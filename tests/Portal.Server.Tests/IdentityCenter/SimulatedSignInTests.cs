using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Cloud;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Simulation;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.IdentityCenter;

/// <summary>The same device flow against the simulated organization's Identity Center, answered on its approval API.</summary>
public sealed class SimulatedSignInTests : IDisposable
{
    private readonly SteppingClock _clock = new(Seeds.Start);
    private readonly SimulatedIdentityCenter _identityCenter;
    private readonly DeviceSignIn _signIn;

    public SimulatedSignInTests()
    {
        _identityCenter = new SimulatedIdentityCenter(Seeds.Real, _clock);
        _signIn = new DeviceSignIn(_identityCenter, new SimulatedEnvironmentCatalog(Seeds.Real),
            new DeviceSignInSettings(SimulatedIdentityCenter.StartUrl), _clock, NullLogger<DeviceSignIn>.Instance);
    }

    public void Dispose() => _signIn.Dispose();

    [Fact]
    public async Task A_user_who_approves_after_two_polls_is_signed_in_with_their_seed_assignments()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);

        var outcome = await _clock.DriveAsync(
            _signIn.CompleteAsync(pending, CancellationToken.None),
            step =>
            {
                if (step == 2)
                {
                    Assert.Equal(DeviceCodeAnswer.Approved, _identityCenter.Approve(pending.UserCode, "sam"));
                }
            });

        Assert.Matches("^[A-Z]{4}-[A-Z]{4}$", pending.UserCode);
        Assert.Equal(SimulatedIdentityCenter.VerificationPath, pending.VerificationUri);
        Assert.Equal($"{SimulatedIdentityCenter.VerificationPath}?user_code={pending.UserCode}", pending.VerificationUriComplete);
        var identity = Assert.IsType<SignInOutcome.SignedIn>(outcome).Identity;
        Assert.Equal(["dev/Deployer", "stage/Deployer", "prod/ReadOnly"], identity.Assignments.Select(a => a.ToString()));
        Assert.Equal(Seeds.ProdAccount, identity.Assignments.Single(a => a.Environment == "prod").AccountId);
        Assert.Equal("sam", _identityCenter.UserNameFor(identity.AccessToken));
        Assert.Equal(3, _clock.Waits.Count);
        Assert.Equal(_clock.GetUtcNow() + SimulatedIdentityCenter.TokenLifetime, identity.ExpiresAt);
    }

    [Fact]
    public async Task The_ops_account_is_an_assignment_outside_every_environment()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);
        _identityCenter.Approve(pending.UserCode, "alice");

        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(_signIn.CompleteAsync(pending, CancellationToken.None))).Identity;

        Assert.Equal(["ops/Administrator", "dev/Administrator", "stage/Administrator", "prod/Administrator", "prod/ReadOnly"], identity.Assignments.Select(a => a.ToString()));
        var ops = identity.Assignments[0];
        Assert.Null(ops.Environment);
        Assert.Equal(Seeds.Real.Organization.Ops.AccountId, ops.AccountId);
    }

    [Fact]
    public async Task A_user_who_declines_ends_the_sign_in_as_declined()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);

        var outcome = await _clock.DriveAsync(
            _signIn.CompleteAsync(pending, CancellationToken.None),
            step =>
            {
                if (step == 1)
                {
                    Assert.Equal(DeviceCodeAnswer.Denied, _identityCenter.Deny(pending.UserCode.ToLowerInvariant()));
                }
            });

        Assert.IsType<SignInOutcome.Declined>(outcome);
        Assert.Equal(DeviceCodeAnswer.UnknownCode, _identityCenter.Approve(pending.UserCode, "sam"));
    }

    [Fact]
    public async Task A_code_nobody_answers_expires_after_ten_minutes_of_the_worlds_clock()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);

        var outcome = await _clock.DriveAsync(_signIn.CompleteAsync(pending, CancellationToken.None));

        Assert.IsType<SignInOutcome.Expired>(outcome);
        Assert.Equal(Seeds.Start + TimeSpan.FromMinutes(10), _clock.GetUtcNow());
        Assert.Equal(DeviceCodeAnswer.Expired, _identityCenter.Approve(pending.UserCode, "sam"));
    }

    [Fact]
    public async Task The_approval_api_checks_the_code_and_the_user()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);
        var spaced = $"{pending.UserCode[..4].ToLowerInvariant()} {pending.UserCode[5..]}";

        Assert.Equal(DeviceCodeAnswer.UnknownCode, _identityCenter.Approve("BCDF-GHJK-X", "sam"));
        Assert.Equal(DeviceCodeAnswer.UnknownUser, _identityCenter.Approve(pending.UserCode, "mallory"));
        Assert.True(_identityCenter.Find(spaced)!.AwaitingAnswer);
        Assert.Equal(DeviceCodeAnswer.Approved, _identityCenter.Approve(spaced, "oscar"));
        Assert.Equal(DeviceCodeAnswer.AlreadyAnswered, _identityCenter.Deny(pending.UserCode));
        Assert.False(_identityCenter.Find(pending.UserCode)!.AwaitingAnswer);
        Assert.Null(_identityCenter.Find("ZZZZ-ZZZZ"));
    }

    [Fact]
    public async Task Polling_faster_than_the_interval_is_told_to_slow_down_and_the_interval_grows()
    {
        var client = await _identityCenter.RegisterClientAsync("portal", CancellationToken.None);
        var authorization = await _identityCenter.StartDeviceAuthorizationAsync(client, SimulatedIdentityCenter.StartUrl, CancellationToken.None);

        var first = await _identityCenter.CreateTokenAsync(client, authorization.DeviceCode, CancellationToken.None);
        var hasty = await _identityCenter.CreateTokenAsync(client, authorization.DeviceCode, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var stillHasty = await _identityCenter.CreateTokenAsync(client, authorization.DeviceCode, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(11));
        var patient = await _identityCenter.CreateTokenAsync(client, authorization.DeviceCode, CancellationToken.None);

        Assert.IsType<TokenPoll.Pending>(first);
        Assert.IsType<TokenPoll.SlowDown>(hasty);
        Assert.IsType<TokenPoll.SlowDown>(stillHasty);
        Assert.IsType<TokenPoll.Pending>(patient);
    }

    [Fact]
    public async Task A_slowed_down_sign_in_still_completes()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);
        await _identityCenter.CreateTokenAsync(pending.Client, pending.Authorization.DeviceCode, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(100));

        var outcome = await _clock.DriveAsync(
            _signIn.CompleteAsync(pending, CancellationToken.None),
            step =>
            {
                if (step == 0)
                {
                    // Poll right away from elsewhere so the flow's own first poll is too soon.
                    _identityCenter.CreateTokenAsync(pending.Client, pending.Authorization.DeviceCode, CancellationToken.None).GetAwaiter().GetResult();
                    _clock.Advance(TimeSpan.FromMilliseconds(900));
                }

                if (step == 1)
                {
                    _identityCenter.Approve(pending.UserCode, "maria");
                }
            });

        Assert.IsType<SignInOutcome.SignedIn>(outcome);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6)], _clock.Waits);
    }

    [Fact]
    public async Task Role_credentials_are_valid_one_hour_and_only_for_assigned_roles()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);
        _identityCenter.Approve(pending.UserCode, "dmitri");
        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(_signIn.CompleteAsync(pending, CancellationToken.None))).Identity;

        var credentials = await _identityCenter.GetRoleCredentialsAsync(identity.AccessToken, Seeds.DevAccount, "Deployer", CancellationToken.None);
        var denied = await Assert.ThrowsAsync<CloudAccessDeniedException>(() =>
            _identityCenter.GetRoleCredentialsAsync(identity.AccessToken, Seeds.ProdAccount, "Deployer", CancellationToken.None));
        _clock.Advance(SimulatedIdentityCenter.TokenLifetime);
        await Assert.ThrowsAsync<CloudUnauthorizedException>(() =>
            _identityCenter.ListAccountsAsync(new ListAccountsRequest(identity.AccessToken), CancellationToken.None));

        Assert.Equal(["dev/Deployer"], identity.Assignments.Select(a => a.ToString()));
        Assert.Matches("^ASIA[A-Z2-7]{16}$", credentials.AccessKeyId);
        Assert.True(credentials.IsTemporary);
        Assert.Equal(Seeds.Start + TimeSpan.FromSeconds(1) + TimeSpan.FromHours(1), credentials.Expiration);
        Assert.Contains("No access", denied.Message, StringComparison.Ordinal);
        Assert.Null(_identityCenter.UserNameFor(identity.AccessToken));
    }

    [Fact]
    public async Task A_wrong_start_url_or_an_unknown_client_is_refused()
    {
        var client = await _identityCenter.RegisterClientAsync("portal", CancellationToken.None);

        await Assert.ThrowsAsync<CloudValidationException>(() =>
            _identityCenter.StartDeviceAuthorizationAsync(client, "https://elsewhere.awsapps.com/start", CancellationToken.None));
        await Assert.ThrowsAsync<IdentityCenterClientRejectedException>(() =>
            _identityCenter.StartDeviceAuthorizationAsync(client with { ClientSecret = "guessed" }, SimulatedIdentityCenter.StartUrl, CancellationToken.None));
        _clock.Advance(SimulatedIdentityCenter.ClientLifetime);
        await Assert.ThrowsAsync<IdentityCenterClientRejectedException>(() =>
            _identityCenter.StartDeviceAuthorizationAsync(client, SimulatedIdentityCenter.StartUrl, CancellationToken.None));
    }

    [Fact]
    public async Task Accounts_and_roles_page_like_identity_center()
    {
        var pending = await _signIn.StartAsync(CancellationToken.None);
        _identityCenter.Approve(pending.UserCode, "alice");
        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(_signIn.CompleteAsync(pending, CancellationToken.None))).Identity;

        var first = await _identityCenter.ListAccountsAsync(new ListAccountsRequest(identity.AccessToken, MaxResults: 3), CancellationToken.None);
        var second = await _identityCenter.ListAccountsAsync(new ListAccountsRequest(identity.AccessToken, first.NextToken, 3), CancellationToken.None);

        Assert.Equal(["ops", "dev", "stage"], first.Accounts.Select(a => a.AccountName));
        Assert.Equal(["prod"], second.Accounts.Select(a => a.AccountName));
        Assert.Null(second.NextToken);
    }
}
