using System.Security.Claims;
using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary>
/// The API token a request was authenticated with, as carried in its claims: enough to decide
/// (<see cref="TokenAccess"/>) and to audit without reading the database again.
/// </summary>
public sealed record TokenGrant(Guid TokenId, string Name, TokenScopes Scopes)
{
    /// <summary>How the audit trail names this caller: <c>token:&lt;name&gt;</c>.</summary>
    public string Actor => AuditActors.Token(Name);

    public static TokenGrant Of(ApiToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new TokenGrant(token.Id, token.Name, token.Scopes);
    }

    /// <summary>The grant of an API-token principal; null for anyone else, a signed-in person included.</summary>
    public static TokenGrant? From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);

        var identity = principal.Identities.FirstOrDefault(i =>
            i.IsAuthenticated && string.Equals(i.AuthenticationType, ApiTokenAuthentication.Scheme, StringComparison.Ordinal));
        if (identity is null
            || !Guid.TryParse(identity.FindFirst(PortalClaims.TokenId)?.Value, out var id)
            || identity.FindFirst(PortalClaims.TokenName)?.Value is not { Length: > 0 } name)
        {
            return null;
        }

        return new TokenGrant(
            id,
            name,
            new TokenScopes(
                Values(identity, PortalClaims.TokenEnvironment),
                Values(identity, PortalClaims.TokenService),
                Values(identity, PortalClaims.TokenAction)));
    }

    /// <summary>The principal the API token handler signs the request in as; <see cref="From"/> reads it back.</summary>
    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, Actor),
            new(PortalClaims.TokenId, TokenId.ToString()),
            new(PortalClaims.TokenName, Name),
        };
        claims.AddRange(Scopes.Environments.Select(e => new Claim(PortalClaims.TokenEnvironment, e)));
        claims.AddRange(Scopes.Services.Select(s => new Claim(PortalClaims.TokenService, s)));
        claims.AddRange(Scopes.Actions.Select(a => new Claim(PortalClaims.TokenAction, a)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, ApiTokenAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static IEnumerable<string> Values(ClaimsIdentity identity, string type) =>
        identity.FindAll(type).Select(c => c.Value);
}
