using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Shared.SignIn;

namespace Portal.Server.SignIn;

public static class SignInRegistration
{
    public const string CookieName = "portal.session";

    public const string SessionOrToken = "SessionOrToken";

    /// <summary>
    /// People sign in with a cookie that names a server-side session; machine callers present a
    /// bearer token. Everything needs one or the other unless marked anonymous: pages are sent to
    /// the sign-in page, the API answers 401.
    /// </summary>
    public static IServiceCollection AddPortalSignIn(this IServiceCollection services)
    {
        // Keys in the portal's database: sessions survive restarts and every instance reads them.
        services.AddScoped<PortalDbContext>(provider => provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        services.AddDataProtection().SetApplicationName("Portal").PersistKeysToDbContext<PortalDbContext>();

        services.AddSingleton<SignInSessionStore>();
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, UseSignInSessionStore>();
        services.AddSingleton<DeviceSignInAttempts>();
        services.AddSingleton<ISignInChoices, SignInChoices>();

        // One default scheme that reads a bearer token when one is presented and the session cookie
        // otherwise, so a bad token is answered 401 rather than redirected to the sign-in page.
        services.AddAuthentication(SessionOrToken)
            .AddPolicyScheme(SessionOrToken, "Session or API token", options => options.ForwardDefaultSelector = context =>
                IsTokenRequest(context.Request) ? ApiTokenAuthentication.Scheme : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddApiTokens();
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IHostEnvironment>(ConfigureCookie);
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options, IHostEnvironment host)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;

        // Plain HTTP is for a developer's own machine only.
        options.Cookie.SecurePolicy = host.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        options.LoginPath = "/sign-in";
        options.LogoutPath = "/sign-out";
        options.AccessDeniedPath = "/sign-in";
        options.ReturnUrlParameter = "returnUrl";
        options.ExpireTimeSpan = SignInSessionStore.DefaultLifetime;
        options.SlidingExpiration = false;
        options.Events.OnRedirectToLogin = context => IsApi(context.Request)
            ? Problem(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized",
                "Sign in to the portal, or send an API token as 'Authorization: Bearer ptk_…'.")
            : Redirect(context);
        options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request)
            ? Problem(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your roles do not allow this.")
            : Redirect(context);
    }

    /// <summary>
    /// Tokens are for machines calling the API. A page asked for with a token is asked for without
    /// one: it needs a person's session, so a leaked token cannot open the portal's pages.
    /// </summary>
    private static bool IsTokenRequest(HttpRequest request) =>
        ApiTokenAuthentication.HasBearerHeader(request) && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>API calls and the live connection get a status code, never an HTML redirect.</summary>
    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase);

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title).ExecuteAsync(context);
}
