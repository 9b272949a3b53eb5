using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Server.Tests.IdentityCenter;

/// <summary>
/// A stand-in IAM Identity Center on a loopback port, speaking the REST-JSON APIs the SDK clients
/// call: SSO-OIDC (POST /client/register, /device_authorization, /token) and the SSO portal
/// (GET /assignment/accounts, /assignment/roles, /federation/credentials with the bearer token in
/// x-amz-sso_bearer_token). Errors look like AWS's: the status of the error shape, an
/// x-amzn-ErrorType header, and the OAuth-style {"error","error_description"} body for OIDC.
/// CreateToken answers follow a script the test sets, or the answer a person gave to one user code
/// (<see cref="Confirm"/>, <see cref="Decline"/>); every request is recorded. Each token belongs to a
/// person, and the fake remembers whose role credentials it issued, so a fake STS can say who calls it.
/// </summary>
public sealed class FakeIdentityCenter : IAsyncDisposable
{
    public const string Approve = "approve";
    private const string OidcNamespace = "http://internal.amazon.com/coral/com.amazonaws.sso.oidc/";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Secret, DateTimeOffset ExpiresAt)> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _deviceCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Answer, string UserName)> _answers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string AccountId, string RoleName, string UserName)> _roleCredentials = new(StringComparer.Ordinal);
    private int _sequence;

    private FakeIdentityCenter(WebApplication app)
    {
        _app = app;
        TokenIsValid = Issued;
    }

    public Uri Endpoint { get; private set; } = default!;

    /// <summary>The fake's notion of now (the test's clock), for registration expiry.</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    public TimeSpan ClientLifetime { get; set; } = TimeSpan.FromDays(90);

    public int DeviceCodeExpiresInSeconds { get; set; } = 600;

    public int IntervalSeconds { get; set; } = 1;

    /// <summary>What the next CreateToken calls answer, in order: an OIDC error code or <see cref="Approve"/>. Empty: authorization_pending.</summary>
    public ConcurrentQueue<string> TokenScript { get; } = new();

    /// <summary>Account id → (name, roles) the person behind any issued token is assigned, unless <see cref="PersonAssignments"/> names them.</summary>
    public Dictionary<string, (string Name, string[] Roles)> Assignments { get; } = new(StringComparer.Ordinal);

    /// <summary>User name → that person's own assignments (account id → (name, roles)), in place of <see cref="Assignments"/>.</summary>
    public Dictionary<string, Dictionary<string, (string Name, string[] Roles)>> PersonAssignments { get; } = new(StringComparer.Ordinal);

    /// <summary>The person a scripted <see cref="Approve"/> signs in, and whose tokens another fake validated.</summary>
    public string UserName { get; set; } = "alice@example.com";

    /// <summary>ListAccounts and ListAccountRoles answer at most this many items per page.</summary>
    public int PageSize { get; set; } = 1;

    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every request: method, path and query, the bearer header, and the JSON body (null for GET).</summary>
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Bearer, JsonNode? Body)> Requests { get; } = new();

    public static async Task<FakeIdentityCenter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeIdentityCenter(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.Endpoint = new Uri(address + "/");
        return fake;
    }

    /// <summary>Forgets every registration, as when an administrator revokes them.</summary>
    public void RevokeClients() => _clients.Clear();

    /// <summary>Ends every issued token's session, as a sign-out elsewhere does.</summary>
    public void RevokeTokens() => _tokens.Clear();

    /// <summary>
    /// A person confirms the user code on the verification page: the next CreateToken for its device
    /// code issues a token for them (<see cref="UserName"/> when not given). Answers for a code come
    /// before the <see cref="TokenScript"/>.
    /// </summary>
    public void Confirm(string userCode, string? userName = null) => AnswerCode(userCode, Approve, userName ?? UserName);

    /// <summary>A person declines the user code on the verification page.</summary>
    public void Decline(string userCode) => AnswerCode(userCode, "access_denied", UserName);

    /// <summary>Who holds role credentials this fake issued (account, role, user name), or null for an access key id it never issued.</summary>
    public (string AccountId, string RoleName, string UserName)? RoleCredentialsOf(string accessKeyId) =>
        _roleCredentials.TryGetValue(accessKeyId, out var holder) ? holder : null;

    /// <summary>Whether a bearer token is a live session; another fake's check can stand in, so two fakes act as one service.</summary>
    public Func<string, bool> TokenIsValid { get; set; }

    public bool Issued(string token) => _tokens.ContainsKey(token);

    /// <summary>The person a token was issued to; a token another fake validated belongs to <see cref="UserName"/>.</summary>
    private string UserOf(string token) => _tokens.TryGetValue(token, out var userName) ? userName : UserName;

    private Dictionary<string, (string Name, string[] Roles)> AssignmentsOf(string token) =>
        PersonAssignments.TryGetValue(UserOf(token), out var own) ? own : Assignments;

    private void AnswerCode(string userCode, string answer, string userName)
    {
        var deviceCode = _deviceCodes.TryGetValue(userCode, out var code)
            ? code
            : throw new InvalidOperationException($"The fake issued no user code '{userCode}'.");
        _answers[deviceCode] = (answer, userName);
    }

    public int Count(string path) => Requests.Count(r => r.PathAndQuery.Split('?')[0] == path);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        JsonNode? body = null;
        if (HttpMethods.IsPost(request.Method))
        {
            using var reader = new StreamReader(request.Body);
            body = JsonNode.Parse(await reader.ReadToEndAsync());
        }

        var bearer = request.Headers["x-amz-sso_bearer_token"].FirstOrDefault();
        Requests.Enqueue((request.Method, request.Path + request.QueryString, bearer, body));
        var answer = (request.Method, request.Path.Value) switch
        {
            ("POST", "/client/register") => RegisterClient(body!),
            ("POST", "/device_authorization") => StartDeviceAuthorization(body!),
            ("POST", "/token") => CreateToken(body!),
            ("GET", "/assignment/accounts") => Authorized(bearer, token => ListAccounts(token, request.Query)),
            ("GET", "/assignment/roles") => Authorized(bearer, token => ListAccountRoles(token, request.Query)),
            ("GET", "/federation/credentials") => Authorized(bearer, token => GetRoleCredentials(token, request.Query)),
            _ => Error(HttpStatusCode.NotFound, "UnknownOperationException", new JsonObject { ["message"] = $"The fake does not answer {request.Method} {request.Path}." }),
        };

        context.Response.StatusCode = (int)answer.Status;
        context.Response.ContentType = "application/json";
        if (answer.ErrorType is { } errorType)
        {
            context.Response.Headers["x-amzn-ErrorType"] = errorType;
        }

        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private Answer RegisterClient(JsonNode body)
    {
        if (body["clientType"]?.GetValue<string>() != "public" || body["clientName"] is null)
        {
            return OidcError(HttpStatusCode.BadRequest, "InvalidClientMetadataException", "invalid_client_metadata", "clientName and clientType public are required");
        }

        var id = $"client-{Interlocked.Increment(ref _sequence)}";
        var issuedAt = Now();
        var expiresAt = issuedAt + ClientLifetime;
        _clients[id] = ($"secret-of-{id}", expiresAt);
        return Ok(new JsonObject
        {
            ["clientId"] = id,
            ["clientSecret"] = $"secret-of-{id}",
            ["clientIdIssuedAt"] = issuedAt.ToUnixTimeSeconds(),
            ["clientSecretExpiresAt"] = expiresAt.ToUnixTimeSeconds(),
        });
    }

    private Answer StartDeviceAuthorization(JsonNode body)
    {
        if (ClientProblem(body) is { } problem)
        {
            return problem;
        }

        var n = Interlocked.Increment(ref _sequence);
        var userCode = string.Create(CultureInfo.InvariantCulture, $"WXYZ-{n:0000}");
        _deviceCodes[userCode] = $"device-{n}";
        return Ok(new JsonObject
        {
            ["deviceCode"] = $"device-{n}",
            ["userCode"] = userCode,
            ["verificationUri"] = "https://device.sso.eu-west-1.amazonaws.com/",
            ["verificationUriComplete"] = $"https://device.sso.eu-west-1.amazonaws.com/?user_code={userCode}",
            ["expiresIn"] = DeviceCodeExpiresInSeconds,
            ["interval"] = IntervalSeconds,
        });
    }

    private Answer CreateToken(JsonNode body)
    {
        if (ClientProblem(body) is { } problem)
        {
            return problem;
        }

        if (body["grantType"]?.GetValue<string>() != "urn:ietf:params:oauth:grant-type:device_code" || body["deviceCode"] is null)
        {
            return OidcError(HttpStatusCode.BadRequest, "UnsupportedGrantTypeException", "unsupported_grant_type", "Only the device code grant is expected here");
        }

        var (next, userName) = _answers.TryRemove(body["deviceCode"]!.GetValue<string>(), out var answered)
            ? answered
            : (TokenScript.TryDequeue(out var scripted) ? scripted : "authorization_pending", UserName);
        switch (next)
        {
            case Approve:
                var token = $"token-{Interlocked.Increment(ref _sequence)}";
                _tokens[token] = userName;
                return Ok(new JsonObject { ["accessToken"] = token, ["tokenType"] = "Bearer", ["expiresIn"] = 28800 });
            case "authorization_pending":
                return OidcError(HttpStatusCode.BadRequest, "AuthorizationPendingException", next, "Authorization is still pending");
            case "slow_down":
                return OidcError(HttpStatusCode.BadRequest, "SlowDownException", next, "Client is polling too quickly");
            case "access_denied":
                return OidcError(HttpStatusCode.BadRequest, "AccessDeniedException", next, "The user denied the authorization request");
            case "expired_token":
                return OidcError(HttpStatusCode.BadRequest, "ExpiredTokenException", next, "Device code has expired");
            case "invalid_grant":
                return OidcError(HttpStatusCode.BadRequest, "InvalidGrantException", next, "Invalid grant provided");
            default:
                throw new InvalidOperationException($"Unknown scripted answer '{next}'.");
        }
    }

    private Answer? ClientProblem(JsonNode body)
    {
        var id = body["clientId"]?.GetValue<string>() ?? string.Empty;
        var secret = body["clientSecret"]?.GetValue<string>();
        if (!_clients.TryGetValue(id, out var client) || client.Secret != secret || Now() >= client.ExpiresAt)
        {
            return OidcError(HttpStatusCode.Unauthorized, "InvalidClientException", "invalid_client", "Invalid client provided");
        }

        return null;
    }

    private Answer Authorized(string? bearer, Func<string, Answer> answer) =>
        bearer is not null && TokenIsValid(bearer)
            ? answer(bearer)
            : Error(HttpStatusCode.Unauthorized, "UnauthorizedException", new JsonObject { ["message"] = "Session token not found or invalid" });

    private Answer ListAccounts(string token, IQueryCollection query)
    {
        var accounts = AssignmentsOf(token).OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (JsonNode)new JsonObject { ["accountId"] = a.Key, ["accountName"] = a.Value.Name, ["emailAddress"] = $"{a.Value.Name}@example.com" })
            .ToList();
        return Page("accountList", accounts, query);
    }

    private Answer ListAccountRoles(string token, IQueryCollection query)
    {
        var accountId = query["account_id"].ToString();
        var roles = AssignmentsOf(token).TryGetValue(accountId, out var assignment) ? assignment.Roles : [];
        return Page("roleList", roles.Select(r => (JsonNode)new JsonObject { ["roleName"] = r, ["accountId"] = accountId }).ToList(), query);
    }

    private Answer GetRoleCredentials(string token, IQueryCollection query)
    {
        var accountId = query["account_id"].ToString();
        var roleName = query["role_name"].ToString();
        if (!AssignmentsOf(token).TryGetValue(accountId, out var assignment) || !assignment.Roles.Contains(roleName))
        {
            return Error(HttpStatusCode.Forbidden, "ForbiddenException", new JsonObject { ["message"] = "No access" });
        }

        var n = Interlocked.Increment(ref _sequence);
        var accessKeyId = string.Create(CultureInfo.InvariantCulture, $"ASIA{accountId}{n:0000}");
        _roleCredentials[accessKeyId] = (accountId, roleName, UserOf(token));
        return Ok(new JsonObject
        {
            ["roleCredentials"] = new JsonObject
            {
                ["accessKeyId"] = accessKeyId,
                ["secretAccessKey"] = $"secret-{n}",
                ["sessionToken"] = $"session-{roleName}-{n}",
                ["expiration"] = (Now() + CredentialLifetime).ToUnixTimeMilliseconds(),
            },
        });
    }

    /// <summary>Pages of <see cref="PageSize"/> items (or fewer when max_result asks), continued by next_token.</summary>
    private Answer Page(string member, List<JsonNode> items, IQueryCollection query)
    {
        var offset = query.TryGetValue("next_token", out var token) ? int.Parse(token.ToString(), CultureInfo.InvariantCulture) : 0;
        var size = Math.Min(PageSize, query.TryGetValue("max_result", out var max) ? int.Parse(max.ToString(), CultureInfo.InvariantCulture) : PageSize);
        var page = new JsonObject { [member] = new JsonArray(items.Skip(offset).Take(size).ToArray()) };
        if (offset + size < items.Count)
        {
            page["nextToken"] = (offset + size).ToString(CultureInfo.InvariantCulture);
        }

        return Ok(page);
    }

    private static Answer Ok(JsonObject body) => new(HttpStatusCode.OK, null, body);

    private static Answer OidcError(HttpStatusCode status, string type, string error, string description) =>
        Error(status, type + ":" + OidcNamespace, new JsonObject { ["error"] = error, ["error_description"] = description });

    private static Answer Error(HttpStatusCode status, string type, JsonObject body) => new(status, type, body);

    private sealed record Answer(HttpStatusCode Status, string? ErrorType, JsonObject Body);
}
