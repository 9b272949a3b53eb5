using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Server.Cloud;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Persistence;
using Portal.Server.Simulation;
using Portal.Shared.Access;
using Portal.Shared.SignIn;

namespace Portal.Server.SignIn;

/// <summary>
/// The form posts behind the sign-in pages: continue as a seed user (simulated organization only),
/// start and finish a device sign-in, sign out, and answer a code on the simulated approval page.
/// Each is a plain HTML form with an antiforgery token, so they work before any live connection.
/// </summary>
public static partial class SignInEndpoints
{
    /// <summary>Binds a device sign-in to the browser that started it: only that browser can collect the session.</summary>
    public const string DeviceCookie = "portal.device";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder routes)
    {
        var signIn = routes.MapGroup(string.Empty).AllowAnonymous().ExcludeFromDescription();
        signIn.MapPost("/sign-in/as", ContinueAsAsync);
        signIn.MapPost("/sign-in/device", StartDeviceSignInAsync);
        signIn.MapGet("/sign-in/device/{id}/finish", FinishDeviceSignInAsync);
        signIn.MapPost("/sign-out", SignOutAsync);
        signIn.MapPost(SimulatedIdentityCenter.VerificationPath, AnswerDeviceCode);
        return routes;
    }

    /// <summary>
    /// "Continue as …" runs the same device flow as everyone else, with the simulated person
    /// confirming the code at once, so the demo exercises the real sign-in code.
    /// </summary>
    private static async Task<IResult> ContinueAsAsync(
        [FromForm] string userName, [FromForm] string? returnUrl, HttpContext context, DeviceSignIn deviceSignIn, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<SimulatedIdentityCenter>() is not { } identityCenter)
        {
            return Results.NotFound();
        }

        try
        {
            var pending = await deviceSignIn.StartAsync(cancellationToken);
            if (identityCenter.Approve(pending.UserCode, userName) == DeviceCodeAnswer.UnknownUser)
            {
                return Problem(SignInProblems.UnknownUser, returnUrl);
            }

            return await FinishAsync(context, await deviceSignIn.CompleteAsync(pending, cancellationToken), returnUrl);
        }
        catch (CloudException error)
        {
            return Unavailable(context, error, returnUrl);
        }
    }

    private static async Task<IResult> StartDeviceSignInAsync(
        [FromForm] string? returnUrl, HttpContext context, DeviceSignInAttempts attempts, CancellationToken cancellationToken)
    {
        try
        {
            var attempt = await attempts.StartAsync(returnUrl ?? "/", cancellationToken);
            context.Response.Cookies.Append(DeviceCookie, attempt.Id, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                Path = "/sign-in/device",
                MaxAge = attempt.Pending.Authorization.ExpiresIn + DeviceSignInAttempts.KeepAfterExpiry,
            });
            return Results.Redirect($"/sign-in/device/{attempt.Id}");
        }
        catch (InvalidOperationException)
        {
            return Problem(SignInProblems.NotConfigured, returnUrl);
        }
        catch (CloudException error)
        {
            return Unavailable(context, error, returnUrl);
        }
    }

    /// <summary>The waiting page asks here every few seconds: back to waiting, or signed in, or told why not.</summary>
    private static async Task<IResult> FinishDeviceSignInAsync(string id, HttpContext context, DeviceSignInAttempts attempts)
    {
        var attempt = attempts.Find(id);
        if (attempt is null || context.Request.Cookies[DeviceCookie] != id)
        {
            return Problem(SignInProblems.AttemptGone, returnUrl: null);
        }

        if (!attempt.Outcome.IsCompleted)
        {
            return Results.Redirect($"/sign-in/device/{id}");
        }

        attempts.Forget(id);
        context.Response.Cookies.Delete(DeviceCookie, new CookieOptions { Path = "/sign-in/device" });
        try
        {
            return await FinishAsync(context, await attempt.Outcome, attempt.ReturnUrl);
        }
        catch (CloudException error)
        {
            return Unavailable(context, error, attempt.ReturnUrl);
        }
    }

    private static async Task<IResult> FinishAsync(HttpContext context, SignInOutcome outcome, string? returnUrl) => outcome switch
    {
        SignInOutcome.SignedIn signedIn => await SignInAsync(context, signedIn.Identity, returnUrl),
        SignInOutcome.Declined => Problem(SignInProblems.Declined, returnUrl),
        SignInOutcome.Expired => Problem(SignInProblems.Expired, returnUrl),
        _ => throw new InvalidOperationException($"Unexpected sign-in outcome {outcome.GetType().Name}."),
    };

    private static async Task<IResult> SignInAsync(HttpContext context, SignedInIdentity identity, string? returnUrl)
    {
        var services = context.RequestServices;
        var name = await services.GetRequiredService<IPersonNames>().NameAsync(identity, context.RequestAborted);
        var opsAccount = services.GetRequiredService<RoleCapabilities>().OpsAccountName;
        var principal = SignInClaims.Create(name, identity, SignInSessionStore.NewKey(), opsAccount);

        // The session ends with the Identity Center token: after that no role credentials can be had.
        var properties = new AuthenticationProperties { ExpiresUtc = identity.ExpiresAt, AllowRefresh = false, IsPersistent = false };
        properties.StoreTokens([new AuthenticationToken { Name = SignInClaims.AccessTokenName, Value = identity.AccessToken }]);
        await SessionHandover.SignInAsync(context, principal, properties);

        await Audit(context, name.UserName, AuditActions.SignIn, $"{identity.Assignments.Count} role assignments; session until {identity.ExpiresAt:u}");
        return Results.Redirect(LocalReturnUrl.Sanitize(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, RoleCredentialCache credentials, IAntiforgery antiforgery)
    {
        // A sign-out is a state change like any other: another site must not be able to post it.
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem("Sign out with the portal's own sign-out button.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        }

        if (SignInClaims.PersonOf(context.User) is { } person)
        {
            if (SignInClaims.SessionOf(context.User) is { } session)
            {
                credentials.Forget(session);
            }

            await Audit(context, person.UserName, AuditActions.SignOut, detail: null);
        }

        // The cookie handler also removes the server-side session, so the old cookie is worthless even if kept.
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/sign-in?signedOut=true");
    }

    /// <summary>The simulated world's approval page posts here: a person confirms or declines a user code.</summary>
    private static IResult AnswerDeviceCode(
        [FromForm] string userCode, [FromForm] string? userName, [FromForm] string answer, HttpContext context)
    {
        if (context.RequestServices.GetService<SimulatedIdentityCenter>() is not { } identityCenter)
        {
            return Results.NotFound();
        }

        var result = answer == "approve"
            ? identityCenter.Approve(userCode, userName ?? string.Empty)
            : identityCenter.Deny(userCode);
        var code = Uri.EscapeDataString(SimulatedIdentityCenter.Normalize(userCode));
        return Results.Redirect($"{SimulatedIdentityCenter.VerificationPath}?user_code={code}&answer={result}");
    }

    private static IResult Unavailable(HttpContext context, CloudException error, string? returnUrl)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInEndpoints));
        LogUnavailable(logger, error.Service, error.Operation, error.Message);
        return Problem(SignInProblems.Unavailable, returnUrl);
    }

    private static RedirectHttpResult Problem(string problem, string? returnUrl) =>
        TypedResults.Redirect($"/sign-in?problem={problem}&returnUrl={Uri.EscapeDataString(LocalReturnUrl.Sanitize(returnUrl))}");

    private static async Task Audit(HttpContext context, string actor, string action, string? detail) =>
        await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(new AuditEntry
        {
            Actor = actor,
            Action = action,
            Detail = detail,
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString(),
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed: {Service} {Operation}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string service, string operation, string message);
}
