using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Net.Http.Headers;
using Portal.Server.Cloud.IdentityCenter;

namespace Portal.Server.SignIn;

/// <summary>
/// Starts a person's session on a browser that may still carry someone else's. The cookie handler
/// would otherwise renew the session named by the browser's cookie with the new person's ticket:
/// the old cookie value would stay valid and now open the new person's session (session fixation).
/// Here the previous session is ended first, and the new one always gets a key of its own.
/// </summary>
public static class SessionHandover
{
    public static async Task SignInAsync(HttpContext context, ClaimsPrincipal principal, AuthenticationProperties properties)
    {
        var previous = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (previous.Succeeded)
        {
            await EndPreviousAsync(context, previous.Principal);
        }

        // The handler of this request has read the old cookie and would reuse its key: a fresh one, that
        // no longer sees the cookie, stores the new session under a new key.
        ForgetRequestCookie(context);
        var handlers = new AuthenticationHandlerProvider(context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>());
        var handler = (IAuthenticationSignInHandler?)await handlers.GetHandlerAsync(context, CookieAuthenticationDefaults.AuthenticationScheme)
            ?? throw new InvalidOperationException("The session cookie scheme is not registered.");
        await handler.SignInAsync(principal, properties);
    }

    /// <summary>The store keeps a session under its session claim, so the claim names the row to remove.</summary>
    private static async Task EndPreviousAsync(HttpContext context, ClaimsPrincipal? principal)
    {
        if (SignInClaims.SessionOf(principal) is { } session)
        {
            context.RequestServices.GetRequiredService<RoleCredentialCache>().Forget(session);
            await context.RequestServices.GetRequiredService<SignInSessionStore>().RemoveAsync(session);
        }
    }

    private static void ForgetRequestCookie(HttpContext context)
    {
        var kept = context.Request.Cookies
            .Where(cookie => !cookie.Key.StartsWith(SignInRegistration.CookieName, StringComparison.Ordinal))
            .Select(cookie => new CookieHeaderValue(cookie.Key, Uri.EscapeDataString(cookie.Value)).ToString());
        context.Request.Headers.Cookie = string.Join("; ", kept);
    }
}
