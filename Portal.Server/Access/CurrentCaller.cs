using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Server.SignIn;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// Who is asking, for one request or one live connection (circuit): a signed-in person, a machine
/// token, or no one. An HTTP request sets it from the authenticated user (see
/// <see cref="AccessRegistration.UseCurrentCaller"/>); a live connection reads Blazor's
/// authentication state, which the framework fills from the connection's user and which changes
/// when the session is found to have ended.
/// </summary>
public sealed class CurrentCaller(IServiceProvider services, RoleCapabilities capabilities, ILogger<CurrentCaller> logger)
{
    private static readonly ClaimsPrincipal NoOne = new(new ClaimsIdentity());

    private ClaimsPrincipal? _principal;
    private Person? _person;
    private TokenGrant? _token;
    private bool _listening;

    public ClaimsPrincipal Principal => _principal ?? FromAuthenticationState();

    /// <summary>The signed-in person, or null for a machine token or no one.</summary>
    public Person? Person
    {
        get
        {
            _ = Principal;
            return _person;
        }
    }

    /// <summary>The machine token the caller presented, or null for a person or no one.</summary>
    public TokenGrant? Token
    {
        get
        {
            _ = Principal;
            return _token;
        }
    }

    /// <summary>The address the caller connected from, for the audit trail.</summary>
    public string? RemoteAddress { get; private set; }

    /// <summary>Whether the environment exists for the caller: a person holding a role there that grants View, or a token scoped to it.</summary>
    public bool CanSee(string environment) =>
        Person is { } person
            ? AccessPolicy.VisibleEnvironments(person, [environment], capabilities).Count == 1
            : Token is { } token && TokenAccess.CanSee(token.Scopes, environment);

    /// <summary>The name the audit trail gives the caller.</summary>
    public string AuditName => Principal.Identity?.Name ?? "anonymous";

    internal void SetFromRequest(HttpContext context)
    {
        RemoteAddress = context.Connection.RemoteIpAddress?.ToString();
        Use(context.User);
    }

    private void Use(ClaimsPrincipal principal)
    {
        _principal = principal;
        _person = SignInClaims.PersonOf(principal);
        _token = TokenGrant.From(principal);
    }

    private ClaimsPrincipal FromAuthenticationState()
    {
        var state = services.GetService<AuthenticationStateProvider>();
        if (state is null)
        {
            return NoOne;
        }

        if (!_listening)
        {
            _listening = true;
            state.AuthenticationStateChanged += OnAuthenticationStateChanged;
            RemoteAddress ??= services.GetService<IHttpContextAccessor>()?.HttpContext?.Connection.RemoteIpAddress?.ToString();
        }

        try
        {
            var current = state.GetAuthenticationStateAsync();

            // The server-side provider holds a finished task once the framework has set the user.
            if (current.IsCompletedSuccessfully)
            {
                Use(current.Result.User);
                return current.Result.User;
            }
        }
        catch (InvalidOperationException error)
        {
            // Outside a component (a background task) there is no authentication state: no one is asking.
            LogNoState(logger, error.Message);
        }

        return NoOne;
    }

    private async void OnAuthenticationStateChanged(Task<AuthenticationState> changed)
    {
        try
        {
            Use((await changed).User);
        }
        catch (InvalidOperationException)
        {
            Use(NoOne);
        }
    }

    private static void LogNoState(ILogger logger, string reason) =>
        logger.LogDebug("No authentication state for this scope: {Reason}", reason);
}
