using System.Security.Claims;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Shared.Access;
using AccessAssignment = Portal.Shared.Access.RoleAssignment;

namespace Portal.Server.SignIn;

/// <summary>
/// How a signed-in person is written into, and read back from, the claims of their session. The
/// claims live in the server-side session (see <see cref="SignInSessionStore"/>); the browser's
/// cookie holds only the session's key.
/// </summary>
public static class SignInClaims
{
    public const string AuthenticationType = "IdentityCenter";
    public const string DisplayName = "portal:display-name";
    public const string Assignment = "portal:assignment";
    public const string Session = "portal:session";

    /// <summary>The name of the Identity Center token inside the session's authentication properties.</summary>
    public const string AccessTokenName = "access_token";

    /// <param name="opsAccountName">The account whose roles govern portal-wide actions; they are written as <see cref="RoleCapabilities.PortalWide"/>.</param>
    public static ClaimsPrincipal Create(PersonName name, SignedInIdentity identity, string sessionKey, string opsAccountName = RoleCapabilities.PortalWide)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(identity);

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, name.UserName),
            new(DisplayName, name.DisplayName),
            new(Session, sessionKey),
        };

        // Accounts the portal does not watch (sandboxes) carry no portal environment; the ops account
        // stands for the portal as a whole.
        claims.AddRange(identity.Assignments
            .Select(a => (Environment: a.Environment ?? (string.Equals(a.AccountName, opsAccountName, StringComparison.OrdinalIgnoreCase) ? RoleCapabilities.PortalWide : null), a.RoleName))
            .Where(a => a.Environment is not null)
            .Select(a => $"{a.Environment}/{a.RoleName}")
            .Distinct(StringComparer.Ordinal)
            .Select(value => new Claim(Assignment, value)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The person a principal signed in as, or null for anyone else (no one, a machine token).</summary>
    public static Person? PersonOf(ClaimsPrincipal? principal)
    {
        var identity = principal?.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == AuthenticationType);
        var userName = identity?.FindFirst(ClaimTypes.Name)?.Value;
        if (identity is null || string.IsNullOrEmpty(userName))
        {
            return null;
        }

        var assignments = identity.FindAll(Assignment)
            .Select(c => c.Value.Split('/', 2))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0)
            .Select(parts => new AccessAssignment(parts[0], parts[1]))
            .ToList();
        return new Person(userName, identity.FindFirst(DisplayName)?.Value ?? userName, assignments);
    }

    /// <summary>The key of the server-side session the principal came from, or null.</summary>
    public static string? SessionOf(ClaimsPrincipal? principal) => principal?.FindFirst(Session)?.Value;
}
