using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Fleet;
using Portal.Server.SignIn;

namespace Portal.Server.Access;

/// <summary>
/// The signed-in person's credentials for the role active in an environment: what the portal acts
/// with when the person changes something, so AWS sees and allows exactly what their role allows.
/// Fetched from Identity Center when first needed and reused until shortly before they expire
/// (<see cref="RoleCredentialCache"/>), so a switch or an expiry costs the person nothing.
/// </summary>
public sealed class PersonRoleCredentials(
    CurrentCaller caller,
    PortalAccess access,
    SignInSessionStore sessions,
    RoleCredentialCache cache,
    IEnvironmentCatalog environments)
{
    /// <exception cref="CloudUnauthorizedException">No person is signed in, or their session has ended.</exception>
    /// <exception cref="CloudAccessDeniedException">The person holds no role in that environment.</exception>
    public async Task<AwsSigningCredentials> ForAsync(string environment, CancellationToken cancellationToken)
    {
        var session = caller.Person is not null ? SignInClaims.SessionOf(caller.Principal) : null;
        var accessToken = session is null ? null : await sessions.AccessTokenAsync(session, cancellationToken);
        if (session is null || accessToken is null)
        {
            throw new CloudUnauthorizedException("sso", "GetRoleCredentials", "Your session has ended. Sign in again to go on.");
        }

        var role = await access.ActiveRoleAsync(environment, cancellationToken);
        var account = environments.Environments.FirstOrDefault(e => string.Equals(e.Name, environment, StringComparison.OrdinalIgnoreCase))?.Info.AccountId;
        if (role is null || account is null)
        {
            throw new CloudAccessDeniedException("sso", "GetRoleCredentials", $"You hold no role in {environment}.");
        }

        return await cache.GetAsync(session, accessToken, account, role, cancellationToken);
    }
}
