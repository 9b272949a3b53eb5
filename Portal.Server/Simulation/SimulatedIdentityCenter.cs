using System.Security.Cryptography;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation;

/// <summary>
/// IAM Identity Center of the simulated organization, answering the same device-authorization flow
/// as the real one: the portal registers, starts an authorization and polls; the person confirms the
/// user code on the simulated world's approval page, which calls <see cref="Approve"/> or
/// <see cref="Deny"/>. Users and their (account, role) assignments come from the seed's identity.json,
/// the accounts are the ops account and the environments. Everything lives in memory and ages by
/// the host's clock.
/// </summary>
public sealed class SimulatedIdentityCenter : IIdentityCenter
{
    public const string StartUrl = "https://portal-simulated.awsapps.com/start";

    /// <summary>Where the approval page of the simulated world lives (the sign-in feature serves it).</summary>
    public const string VerificationPath = "/simulated/device";

    public const string OpsAccountName = "ops";

    public static readonly TimeSpan ClientLifetime = TimeSpan.FromDays(90);
    public static readonly TimeSpan DeviceCodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);
    public static readonly TimeSpan CredentialLifetime = TimeSpan.FromHours(1);

    private const string OidcService = "sso-oidc";
    private const string PortalService = "sso";

    // Like Identity Center's codes: two groups of four capitals, without letters easily misread.
    private const string UserCodeAlphabet = "BCDFGHJKLMNPQRSTVWXZ";

    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly Dictionary<string, UserSeed> _users;
    private readonly List<IdentityCenterAccount> _accounts;
    private readonly Dictionary<string, string> _accountByEnvironment;
    private readonly Dictionary<string, RegisteredClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Authorization> _byDeviceCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Authorization> _byUserCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public SimulatedIdentityCenter(OrganizationSeedSet seed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(seed);
        _time = time;
        _users = seed.Identity.Users.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
        _accounts = [new IdentityCenterAccount(seed.Organization.Ops.AccountId, OpsAccountName),
            .. seed.Organization.Environments.Select(e => new IdentityCenterAccount(e.AccountId, e.Name))];
        _accountByEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var account in _accounts)
        {
            _accountByEnvironment.TryAdd(account.AccountName, account.AccountId);
        }
    }

    public Task<RegisteredClient> RegisterClientAsync(string clientName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(clientName))
        {
            throw new CloudValidationException(OidcService, "RegisterClient", "InvalidClientMetadataException: clientName is required.");
        }

        var client = new RegisteredClient(Secret("sim-client-", 12), Secret("sim-secret-", 32), Now() + ClientLifetime);
        lock (_gate)
        {
            _clients[client.ClientId] = client;
        }

        return Task.FromResult(client);
    }

    public Task<DeviceAuthorization> StartDeviceAuthorizationAsync(RegisteredClient client, string startUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!string.Equals(startUrl, StartUrl, StringComparison.OrdinalIgnoreCase))
        {
            throw new CloudValidationException(OidcService, "StartDeviceAuthorization", $"InvalidRequestException: '{startUrl}' is not this organization's start URL ({StartUrl}).");
        }

        lock (_gate)
        {
            Authenticate(client, "StartDeviceAuthorization");
            Prune();
            var userCode = NewUserCode();
            var authorization = new Authorization(client.ClientId, Secret("sim-device-", 32), userCode, Now() + DeviceCodeLifetime) { Interval = PollInterval };
            _byDeviceCode[authorization.DeviceCode] = authorization;
            _byUserCode[userCode] = authorization;
            return Task.FromResult(new DeviceAuthorization(
                authorization.DeviceCode,
                userCode,
                VerificationPath,
                $"{VerificationPath}?user_code={userCode}",
                DeviceCodeLifetime,
                PollInterval));
        }
    }

    public Task<TokenPoll> CreateTokenAsync(RegisteredClient client, string deviceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            Authenticate(client, "CreateToken");
            var now = Now();
            if (!_byDeviceCode.TryGetValue(deviceCode, out var authorization) || authorization.ClientId != client.ClientId)
            {
                return Answer(new TokenPoll.Expired("Invalid device code provided."));
            }

            if (now >= authorization.ExpiresAt)
            {
                Remove(authorization);
                return Answer(new TokenPoll.Expired("The device code has expired."));
            }

            switch (authorization.State)
            {
                case AuthorizationState.Denied:
                    Remove(authorization);
                    return Answer(new TokenPoll.Denied("The person declined the sign-in request."));
                case AuthorizationState.Approved:
                    Remove(authorization);
                    var session = new Session(Secret("aoa", 48), authorization.ApprovedBy!, now + TokenLifetime);
                    _sessions[session.AccessToken] = session;
                    return Answer(new TokenPoll.Issued(session.AccessToken, session.ExpiresAt));
                default:
                    break;
            }

            // As RFC 8628 asks of a server: a client that polls faster than the interval is told to
            // slow down, and the interval it must keep grows by five seconds. Half an interval of
            // tolerance keeps timer jitter from counting as haste.
            var tooSoon = authorization.LastPolledAt is { } last && now - last < authorization.Interval / 2;
            authorization.LastPolledAt = now;
            if (tooSoon)
            {
                authorization.Interval += IdentityCenterLimits.SlowDownStep;
                return Answer(new TokenPoll.SlowDown());
            }

            return Answer(new TokenPoll.Pending());
        }
    }

    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = UserOf(request.AccessToken, "ListAccounts");
        var assigned = user.Assignments.Select(a => a.Environment).ToHashSet(StringComparer.Ordinal);
        var accounts = _accounts.Where(a => assigned.Contains(a.AccountName)).ToList();
        var (page, next) = Paging.Page(accounts, request.NextToken, request.MaxResults, IdentityCenterLimits.ListMaxResults, 20);
        return Task.FromResult(new ListAccountsResponse(page, next));
    }

    public Task<ListAccountRolesResponse> ListAccountRolesAsync(ListAccountRolesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = UserOf(request.AccessToken, "ListAccountRoles");
        var roles = user.Assignments
            .Where(a => _accountByEnvironment.GetValueOrDefault(a.Environment) == request.AccountId)
            .Select(a => a.Role)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var (page, next) = Paging.Page(roles, request.NextToken, request.MaxResults, IdentityCenterLimits.ListMaxResults, 20);
        return Task.FromResult(new ListAccountRolesResponse(page, next));
    }

    public Task<AwsSigningCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
    {
        var user = UserOf(accessToken, "GetRoleCredentials");
        if (!user.Assignments.Any(a => _accountByEnvironment.GetValueOrDefault(a.Environment) == accountId && a.Role == roleName))
        {
            throw new CloudAccessDeniedException(PortalService, "GetRoleCredentials",
                $"ForbiddenException: No access. {user.UserName} is not assigned {roleName} in account {accountId}.");
        }

        var now = Now();
        var issuedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return Task.FromResult(new AwsSigningCredentials(
            "ASIA" + Code("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            Secret(string.Empty, 30),
            Secret("sim-session-", 96),
            issuedAt + CredentialLifetime));
    }

    /// <summary>What the approval page shows for a user code: still waiting, and until when; null for a code it does not know.</summary>
    public DeviceCodePrompt? Find(string userCode)
    {
        lock (_gate)
        {
            return _byUserCode.TryGetValue(Normalize(userCode), out var authorization)
                ? new DeviceCodePrompt(authorization.UserCode, authorization.ExpiresAt, authorization.State == AuthorizationState.Pending && Now() < authorization.ExpiresAt)
                : null;
        }
    }

    /// <summary>The person <paramref name="userName"/> confirms the user code: the next poll receives a token for them.</summary>
    public DeviceCodeAnswer Approve(string userCode, string userName)
    {
        lock (_gate)
        {
            var (refusal, authorization) = Answerable(userCode);
            if (refusal is { } refused)
            {
                return refused;
            }

            if (!_users.TryGetValue(userName, out var user))
            {
                return DeviceCodeAnswer.UnknownUser;
            }

            authorization!.State = AuthorizationState.Approved;
            authorization.ApprovedBy = user;
            return DeviceCodeAnswer.Approved;
        }
    }

    /// <summary>The person declines the request: the next poll is told access_denied.</summary>
    public DeviceCodeAnswer Deny(string userCode)
    {
        lock (_gate)
        {
            var (refusal, authorization) = Answerable(userCode);
            if (refusal is { } refused)
            {
                return refused;
            }

            authorization!.State = AuthorizationState.Denied;
            return DeviceCodeAnswer.Denied;
        }
    }

    /// <summary>The seed user a live access token belongs to, or null.</summary>
    public string? UserNameFor(string accessToken)
    {
        lock (_gate)
        {
            return _sessions.TryGetValue(accessToken, out var session) && Now() < session.ExpiresAt ? session.User.UserName : null;
        }
    }

    /// <summary>"abcd efgh", "ABCDEFGH" and "ABCD-EFGH" are the same code.</summary>
    public static string Normalize(string userCode)
    {
        var letters = new string((userCode ?? string.Empty).Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return letters.Length == 8 ? $"{letters[..4]}-{letters[4..]}" : letters;
    }

    private static Task<TokenPoll> Answer(TokenPoll poll) => Task.FromResult(poll);

    private DateTimeOffset Now() => _time.GetUtcNow();

    /// <summary>The authorization a person may still answer, or why they may not.</summary>
    private (DeviceCodeAnswer? Refusal, Authorization? Authorization) Answerable(string userCode)
    {
        if (!_byUserCode.TryGetValue(Normalize(userCode), out var authorization))
        {
            return (DeviceCodeAnswer.UnknownCode, null);
        }

        if (Now() >= authorization.ExpiresAt)
        {
            return (DeviceCodeAnswer.Expired, authorization);
        }

        return authorization.State == AuthorizationState.Pending
            ? (null, authorization)
            : (DeviceCodeAnswer.AlreadyAnswered, authorization);
    }

    private void Authenticate(RegisteredClient client, string operation)
    {
        if (!_clients.TryGetValue(client.ClientId, out var registered) || registered.ClientSecret != client.ClientSecret)
        {
            throw new IdentityCenterClientRejectedException(operation, "InvalidClientException: the client is not registered.");
        }

        if (Now() >= registered.ExpiresAt)
        {
            throw new IdentityCenterClientRejectedException(operation, "InvalidClientException: the client's registration has expired.");
        }
    }

    private UserSeed UserOf(string accessToken, string operation)
    {
        lock (_gate)
        {
            if (_sessions.TryGetValue(accessToken, out var session) && Now() < session.ExpiresAt)
            {
                return session.User;
            }
        }

        throw new CloudUnauthorizedException(PortalService, operation, "UnauthorizedException: Session token not found or invalid.");
    }

    private string NewUserCode()
    {
        string code;
        do
        {
            var letters = Code(UserCodeAlphabet, 8);
            code = $"{letters[..4]}-{letters[4..]}";
        }
        while (_byUserCode.ContainsKey(code));

        return code;
    }

    private void Remove(Authorization authorization)
    {
        _byDeviceCode.Remove(authorization.DeviceCode);
        _byUserCode.Remove(authorization.UserCode);
    }

    /// <summary>Forgets what can no longer be used, so a long-running demo does not collect it.</summary>
    private void Prune()
    {
        var now = Now();
        foreach (var authorization in _byDeviceCode.Values.Where(a => now >= a.ExpiresAt).ToList())
        {
            Remove(authorization);
        }

        foreach (var session in _sessions.Values.Where(s => now >= s.ExpiresAt).ToList())
        {
            _sessions.Remove(session.AccessToken);
        }

        foreach (var client in _clients.Values.Where(c => now >= c.ExpiresAt).ToList())
        {
            _clients.Remove(client.ClientId);
        }
    }

    // Tokens and codes are unguessable even here: a demo may be reachable by others.
    private static string Secret(string prefix, int length) => prefix + Code("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);

    private static string Code(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);

    private enum AuthorizationState
    {
        Pending,
        Approved,
        Denied,
    }

    private sealed class Authorization(string clientId, string deviceCode, string userCode, DateTimeOffset expiresAt)
    {
        public string ClientId { get; } = clientId;

        public string DeviceCode { get; } = deviceCode;

        public string UserCode { get; } = userCode;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public TimeSpan Interval { get; set; }

        public DateTimeOffset? LastPolledAt { get; set; }

        public AuthorizationState State { get; set; }

        public UserSeed? ApprovedBy { get; set; }
    }

    private sealed record Session(string AccessToken, UserSeed User, DateTimeOffset ExpiresAt);
}

/// <summary>What the simulated approval page knows about a user code.</summary>
public sealed record DeviceCodePrompt(string UserCode, DateTimeOffset ExpiresAt, bool AwaitingAnswer);

/// <summary>How the simulated Identity Center took an answer on the approval page.</summary>
public enum DeviceCodeAnswer
{
    Approved,
    Denied,
    UnknownCode,
    Expired,
    AlreadyAnswered,
    UnknownUser,
}
