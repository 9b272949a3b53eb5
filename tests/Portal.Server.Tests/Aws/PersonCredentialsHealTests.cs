using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Aws;

/// <summary>A person's role credentials that AWS refused are dropped, so the next call asks Identity Center afresh.</summary>
public sealed class PersonCredentialsHealTests
{
    private const string Account = "318274650192";
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Refused_role_credentials_are_forgotten_and_fetched_again()
    {
        var identityCenter = new IssuingIdentityCenter(_clock);
        using var cache = new RoleCredentialCache(identityCenter, _clock);
        var first = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);

        cache.Forget("sam", Account, "Deployer", first);
        var fresh = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);

        Assert.Equal(["ASIA1", "ASIA2"], [first.AccessKeyId, fresh.AccessKeyId]);
    }

    [Fact]
    public async Task Forgetting_credentials_already_replaced_keeps_the_fresh_ones_and_other_roles_are_untouched()
    {
        var identityCenter = new IssuingIdentityCenter(_clock);
        using var cache = new RoleCredentialCache(identityCenter, _clock);
        var first = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);
        var readOnly = await cache.GetAsync("sam", "token-sam", Account, "ReadOnly", CancellationToken.None);
        cache.Forget("sam", Account, "Deployer", first);
        var fresh = await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None);

        cache.Forget("sam", Account, "Deployer", first);
        cache.Forget("sam", Account, "ReadOnly", first);

        Assert.Same(fresh, await cache.GetAsync("sam", "token-sam", Account, "Deployer", CancellationToken.None));
        Assert.Same(readOnly, await cache.GetAsync("sam", "token-sam", Account, "ReadOnly", CancellationToken.None));
        Assert.Equal(3, identityCenter.Issued);
    }

    private sealed class IssuingIdentityCenter(TimeProvider clock) : IIdentityCenter
    {
        private int _issued;

        public int Issued => Volatile.Read(ref _issued);

        public Task<AwsSigningCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken) =>
            Task.FromResult(new AwsSigningCredentials($"ASIA{Interlocked.Increment(ref _issued)}", "secret", "session", clock.GetUtcNow() + TimeSpan.FromHours(1)));

        public Task<RegisteredClient> RegisterClientAsync(string clientName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DeviceAuthorization> StartDeviceAuthorizationAsync(RegisteredClient client, string startUrl, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TokenPoll> CreateTokenAsync(RegisteredClient client, string deviceCode, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ListAccountRolesResponse> ListAccountRolesAsync(ListAccountRolesRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
