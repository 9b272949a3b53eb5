using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary>
/// Signs a request in as the API token its bearer secret belongs to. A request without a bearer
/// header is left to other schemes; a bearer secret that is unknown, revoked or expired fails, and
/// the challenge tells the caller which, so a CI log says what to fix. Each request looks its token
/// up by hash, so a revocation or expiry takes effect at once on every instance; only the note of
/// its use is deferred (<see cref="TokenUses"/>).
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokenStore tokens,
    TokenUses uses,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    internal const string CreateHint =
        "Create a new token in Admin › API tokens or with `dotnet run --project Portal.Server -- tokens create`.";

    // Handlers live for one request, so this is the refusal of this request, kept for the challenge.
    private string? _refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = BearerHeader.Read(Request.Headers.Authorization);
        if (header.IsAbsent)
        {
            return AuthenticateResult.NoResult();
        }

        if (header.Problem is { } malformed)
        {
            return Refuse(malformed);
        }

        var token = await tokens.FindBySecretAsync(header.Secret, Context.RequestAborted);
        if (token is null)
        {
            return Refuse("The API token is not known.");
        }

        switch (token.StateAt(time.GetUtcNow()))
        {
            case ApiTokenState.Revoked:
                return Refuse($"The API token '{token.Name}' was revoked at {UtcText.Of(token.RevokedAt!.Value)}.");
            case ApiTokenState.Expired:
                return Refuse($"The API token '{token.Name}' expired at {UtcText.Of(token.ExpiresAt)}.");
        }

        // Noted in memory only: TokenUseWriter writes last uses in the background, so no request waits for a write.
        uses.Note(token.Id);
        var grant = TokenGrant.Of(token);
        return AuthenticateResult.Success(new AuthenticationTicket(grant.ToPrincipal(), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Challenged without having been asked to authenticate first (a policy naming another scheme
        // first, say): authenticate now so the challenge can say what was wrong.
        await HandleAuthenticateOnceSafeAsync();
        if (Response.HasStarted)
        {
            return;
        }

        Response.Headers.WWWAuthenticate = _refusal is null
            ? BearerHeader.Scheme
            : $"{BearerHeader.Scheme} error=\"invalid_token\", error_description=\"{HeaderText(_refusal)}\"";
        var detail = _refusal ?? "This request needs an API token, sent as `Authorization: Bearer ptk_...`.";
        await TypedResults.Problem($"{detail} {CreateHint}", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized")
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (Response.HasStarted)
        {
            return;
        }

        await TypedResults.Problem(
                "This API token is not allowed to do this; its scopes (environments, services, actions) do not cover it.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden")
            .ExecuteAsync(Context);
    }

    private AuthenticateResult Refuse(string reason)
    {
        _refusal = reason;
        return AuthenticateResult.Fail(reason);
    }

    /// <summary>
    /// The reason as an RFC 6750 error_description: printable ASCII without quote or backslash, so a
    /// token name can never break out of the quoted string.
    /// </summary>
    private static string HeaderText(string reason)
    {
        var text = new StringBuilder(reason.Length);
        foreach (var c in reason)
        {
            text.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?');
        }

        return text.ToString();
    }

}
