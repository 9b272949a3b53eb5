using Portal.Server.Fleet;

namespace Portal.Server.Cloud.IdentityCenter;

/// <summary>
/// Signing a person in with IAM Identity Center's device authorization (RFC 8628), written once above
/// <see cref="IIdentityCenter"/>: register the portal as a client (kept until it expires), start a
/// device authorization whose user code the person confirms, poll for the token at the interval
/// asked for, and read the person's (account, role) assignments. Waits run on the
/// <see cref="TimeProvider"/>, so tests drive them with a manual clock.
/// </summary>
public sealed partial class DeviceSignIn(
    IIdentityCenter identityCenter,
    IEnvironmentCatalog environments,
    DeviceSignInSettings settings,
    TimeProvider time,
    ILogger<DeviceSignIn> logger) : IDisposable
{
    /// <summary>
    /// A registration this close to its expiry is replaced, so it cannot lapse in the middle of a
    /// sign-in (a device code lives ten minutes at Identity Center).
    /// </summary>
    public static readonly TimeSpan RegistrationMargin = TimeSpan.FromMinutes(15);

    private readonly SemaphoreSlim _registering = new(1, 1);
    private RegisteredClient? _client;

    /// <summary>Starts a sign-in: the user code and verification page to show the person.</summary>
    public async Task<PendingDeviceSignIn> StartAsync(CancellationToken cancellationToken)
    {
        var startUrl = settings.StartUrl is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("Aws:IdentityCenter:StartUrl is not set: people cannot sign in through IAM Identity Center.");

        var client = await ClientAsync(cancellationToken);
        DeviceAuthorization authorization;
        try
        {
            authorization = await identityCenter.StartDeviceAuthorizationAsync(client, startUrl, cancellationToken);
        }
        catch (IdentityCenterClientRejectedException)
        {
            // Registrations can be revoked before their expiry; one fresh registration is worth a try.
            Forget(client);
            client = await ClientAsync(cancellationToken);
            authorization = await identityCenter.StartDeviceAuthorizationAsync(client, startUrl, cancellationToken);
        }

        LogStarted(logger, authorization.UserCode, authorization.ExpiresIn);
        return new PendingDeviceSignIn(client, authorization, time.GetUtcNow());
    }

    /// <summary>
    /// Polls until the person approves, declines, or the user code expires. Cancelling stops the
    /// polling (a person who closes the page) with <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<SignInOutcome> CompleteAsync(PendingDeviceSignIn pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var interval = pending.Authorization.Interval > TimeSpan.Zero ? pending.Authorization.Interval : IdentityCenterLimits.DefaultInterval;
        while (true)
        {
            var remaining = pending.ExpiresAt - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return Expired(pending, "The code was not confirmed in time.");
            }

            // Waiting past the code's expiry is pointless: wait until then and report it expired.
            await Task.Delay(interval < remaining ? interval : remaining, time, cancellationToken);
            if (time.GetUtcNow() >= pending.ExpiresAt)
            {
                return Expired(pending, "The code was not confirmed in time.");
            }

            TokenPoll poll;
            try
            {
                poll = await identityCenter.CreateTokenAsync(pending.Client, pending.Authorization.DeviceCode, cancellationToken);
            }
            catch (CloudThrottledException)
            {
                poll = new TokenPoll.SlowDown();
            }
            catch (IdentityCenterClientRejectedException)
            {
                Forget(pending.Client);
                throw;
            }

            switch (poll)
            {
                case TokenPoll.Issued issued:
                    var identity = await IdentityAsync(issued, cancellationToken);
                    LogSignedIn(logger, pending.UserCode, identity.Assignments.Count);
                    return new SignInOutcome.SignedIn(identity);
                case TokenPoll.Pending:
                    break;
                case TokenPoll.SlowDown:
                    interval += IdentityCenterLimits.SlowDownStep;
                    LogSlowDown(logger, pending.UserCode, interval);
                    break;
                case TokenPoll.Denied denied:
                    LogDeclined(logger, pending.UserCode);
                    return new SignInOutcome.Declined(denied.Reason);
                case TokenPoll.Expired expired:
                    return Expired(pending, expired.Reason);
                default:
                    throw new InvalidOperationException($"Unexpected CreateToken answer {poll.GetType().Name}.");
            }
        }
    }

    public void Dispose() => _registering.Dispose();

    private SignInOutcome.Expired Expired(PendingDeviceSignIn pending, string reason)
    {
        LogExpired(logger, pending.UserCode);
        return new SignInOutcome.Expired(reason);
    }

    private async Task<RegisteredClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (Usable(Volatile.Read(ref _client)) is { } cached)
        {
            return cached;
        }

        await _registering.WaitAsync(cancellationToken);
        try
        {
            if (Usable(_client) is { } registered)
            {
                return registered;
            }

            var client = await identityCenter.RegisterClientAsync(settings.ClientName, cancellationToken);
            Volatile.Write(ref _client, client);
            LogRegistered(logger, client.ClientId, client.ExpiresAt);
            return client;
        }
        finally
        {
            _registering.Release();
        }
    }

    private RegisteredClient? Usable(RegisteredClient? client) =>
        client is not null && client.ExpiresAt - RegistrationMargin > time.GetUtcNow() ? client : null;

    private void Forget(RegisteredClient client) => Interlocked.CompareExchange(ref _client, null, client);

    /// <summary>Every (account, role) pair of the person, each account named by the portal environment living in it.</summary>
    private async Task<SignedInIdentity> IdentityAsync(TokenPoll.Issued token, CancellationToken cancellationToken)
    {
        var environmentsByAccount = environments.Environments.ToLookup(e => e.Info.AccountId, e => e.Name, StringComparer.Ordinal);
        var assignments = new List<RoleAssignment>();
        foreach (var account in await AccountsAsync(token.AccessToken, cancellationToken))
        {
            var roles = await RolesAsync(token.AccessToken, account.AccountId, cancellationToken);
            var names = environmentsByAccount[account.AccountId].Select(name => (string?)name).DefaultIfEmpty();
            assignments.AddRange(
                from environment in names
                from role in roles
                select new RoleAssignment(account.AccountId, account.AccountName, environment, role));
        }

        return new SignedInIdentity(token.AccessToken, token.ExpiresAt, assignments);
    }

    private async Task<List<IdentityCenterAccount>> AccountsAsync(string accessToken, CancellationToken cancellationToken)
    {
        var accounts = new List<IdentityCenterAccount>();
        string? next = null;
        do
        {
            var page = await identityCenter.ListAccountsAsync(new ListAccountsRequest(accessToken, next, IdentityCenterLimits.ListMaxResults), cancellationToken);
            accounts.AddRange(page.Accounts);
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return accounts;
    }

    private async Task<List<string>> RolesAsync(string accessToken, string accountId, CancellationToken cancellationToken)
    {
        var roles = new List<string>();
        string? next = null;
        do
        {
            var page = await identityCenter.ListAccountRolesAsync(new ListAccountRolesRequest(accessToken, accountId, next, IdentityCenterLimits.ListMaxResults), cancellationToken);
            roles.AddRange(page.RoleNames);
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return roles;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered with IAM Identity Center as client {ClientId}, valid until {ExpiresAt}")]
    private static partial void LogRegistered(ILogger logger, string clientId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device sign-in {UserCode} started; the code is valid for {ExpiresIn}")]
    private static partial void LogStarted(ILogger logger, string userCode, TimeSpan expiresIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device sign-in {UserCode} asked to slow down; polling every {Interval}")]
    private static partial void LogSlowDown(ILogger logger, string userCode, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device sign-in {UserCode} completed with {Count} role assignments")]
    private static partial void LogSignedIn(ILogger logger, string userCode, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device sign-in {UserCode} was declined")]
    private static partial void LogDeclined(ILogger logger, string userCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device sign-in {UserCode} expired before it was confirmed")]
    private static partial void LogExpired(ILogger logger, string userCode);
}
