using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Portal.Server.SignIn;

/// <summary>
/// Rechecks, every minute, that a live connection's session still exists and has not ended: a
/// sign-out in another tab, or the end of the Identity Center token, signs the page out too.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, SignInSessionStore sessions)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authenticationState);
        return SignInClaims.SessionOf(authenticationState.User) is not { } session
            || await sessions.IsLiveAsync(session, cancellationToken);
    }
}
