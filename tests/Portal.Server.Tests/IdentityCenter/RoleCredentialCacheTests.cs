using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Simulation;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.IdentityCenter;

public sealed class RoleCredentialCacheTests
{
    private const string Account = "318274650192";
    private readonly SteppingClock _clock = new(Seeds.Start);

    [Fact]
    public async Task Credentials_are_fetched_when_first_needed_and_reused_until_five_minutes_before_they_expire()
    {
        var identityCenter = new CountingIdentityCenter(_clock);
        using var cache = new RoleCredentialCache(identityCenter, _clock);

        Assert.Equal(0, identityCenter.Fetches);
        var first = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(54) + TimeSpan.FromSeconds(59));
        var reused = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var refreshed = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);
        var afterRefresh = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);

        Assert.Same(first, reused);
        Assert.NotSame(first, refreshed);
        Assert.Same(refreshed, afterRefresh);
        Assert.Equal(2, identityCenter.Fetches);
        Assert.Equal(Seeds.Start + TimeSpan.FromHours(1), first.Expiration);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(1), refreshed.Expiration);
    }

    [Fact]
    public async Task Each_person_and_role_has_its_own_credentials()
    {
        var identityCenter = new CountingIdentityCenter(_clock);
        using var cache = new RoleCredentialCache(identityCenter, _clock);

        var samDeployer = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);
        var samReadOnly = await cache.GetAsync("sam", "token-sam", Account, "ReadOnly", CancellationToken.None);
        var oscarReadOnly = await cache.GetAsync("oscar", "token-oscar", Account, "ReadOnly", CancellationToken.None);
        var samReadOnlyAgain = await cache.GetAsync("sam", "token-sam", Account, "ReadOnly", CancellationToken.None);

        Assert.Equal(3, identityCenter.Fetches);
        Assert.NotSame(samDeployer, samReadOnly);
        Assert.NotSame(samReadOnly, oscarReadOnly);
        Assert.Same(samReadOnly, samReadOnlyAgain);
        Assert.Equal(["token-sam", "token-sam", "token-oscar"], identityCenter.Tokens);
    }

    [Fact]
    public async Task Callers_at_the_same_moment_share_one_fetch()
    {
        var identityCenter = new CountingIdentityCenter(_clock) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        using var cache = new RoleCredentialCache(identityCenter, _clock);

        var callers = Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None)))
            .ToList();
        await Task.Delay(50);
        identityCenter.Gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, identityCenter.Fetches);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task Signing_out_forgets_the_persons_credentials_only()
    {
        var identityCenter = new CountingIdentityCenter(_clock);
        using var cache = new RoleCredentialCache(identityCenter, _clock);
        await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);
        await cache.GetAsync("oscar", "token-oscar", Account, "ReadOnly", CancellationToken.None);

        cache.Forget("sam");
        await cache.GetAsync("sam", "token-sam-2", Account, "Deployer", CancellationToken.None);
        await cache.GetAsync("oscar", "token-oscar", Account, "ReadOnly", CancellationToken.None);

        Assert.Equal(["token-sam", "token-oscar", "token-sam-2"], identityCenter.Tokens);
    }

    [Fact]
    public async Task Simulated_credentials_are_renewed_before_their_hour_runs_out()
    {
        var simulated = new SimulatedIdentityCenter(Seeds.Real, _clock);
        using var signIn = new DeviceSignIn(simulated, new SimulatedEnvironmentCatalog(Seeds.Real),
            new DeviceSignInSettings(SimulatedIdentityCenter.StartUrl), _clock, NullLogger<DeviceSignIn>.Instance);
        using var cache = new RoleCredentialCache(simulated, _clock);
        var pending = await signIn.StartAsync(CancellationToken.None);
        simulated.Approve(pending.UserCode, "oscar");
        var identity = Assert.IsType<SignInOutcome.SignedIn>(await _clock.DriveAsync(signIn.CompleteAsync(pending, CancellationToken.None))).Identity;
        var prod = identity.Assignments.Single(a => a.Environment == "prod");

        var first = await cache.GetAsync("oscar", identity.AccessToken, prod.AccountId, prod.RoleName, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(50));
        var reused = await cache.GetAsync("oscar", identity.AccessToken, prod.AccountId, prod.RoleName, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(6));
        var renewed = await cache.GetAsync("oscar", identity.AccessToken, prod.AccountId, prod.RoleName, CancellationToken.None);

        Assert.Same(first, reused);
        Assert.NotEqual(first.AccessKeyId, renewed.AccessKeyId);
        Assert.True(renewed.Expiration > _clock.GetUtcNow() + TimeSpan.FromMinutes(55));
    }

    /// <summary>Hands out credentials valid one hour by the clock and counts the fetches.</summary>
    private sealed class CountingIdentityCenter(TimeProvider clock) : IIdentityCenter
    {
        private int _fetches;

        public int Fetches => Volatile.Read(ref _fetches);

        public List<string> Tokens { get; } = [];

        public TaskCompletionSource? Gate { get; init; }

        public async Task<AwsSigningCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _fetches);
            lock (Tokens)
            {
                Tokens.Add(accessToken);
            }

            if (Gate is not null)
            {
                await Gate.Task;
            }

            return new AwsSigningCredentials($"ASIA{n}", "secret", "session", clock.GetUtcNow() + TimeSpan.FromHours(1));
        }

        public Task<RegisteredClient> RegisterClientAsync(string clientName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DeviceAuthorization> StartDeviceAuthorizationAsync(RegisteredClient client, string startUrl, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TokenPoll> CreateTokenAsync(RegisteredClient client, string deviceCode, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ListAccountRolesResponse> ListAccountRolesAsync(ListAccountRolesRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
