using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Fleet;

namespace Portal.Server.Access;

/// <summary>
/// Admin › API tokens on the server, for one request or live connection. Every call is an entry
/// point: it is decided for <see cref="PortalAction.ManageTokens"/> in
/// <see cref="RoleCapabilities.PortalWide"/> first, and a refusal (audited by
/// <see cref="PortalAccess.AuthorizeAsync"/>) touches nothing else. Creations and revocations are
/// audited under the person's user name.
/// </summary>
public sealed class ApiTokenAdministration(
    PortalAccess access,
    CurrentCaller caller,
    IFleetView fleet,
    ApiTokenStore tokens,
    AuditLog audit,
    TokenUses uses,
    TimeProvider time) : IApiTokenAdministration
{
    public async Task<ApiTokenList> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(cancellationToken) is { } refusal)
        {
            return ApiTokenList.Refused(refusal);
        }

        var now = time.GetUtcNow();
        return ApiTokenList.Of([.. (await tokens.ListAsync(cancellationToken)).Select(t => Summary(t, LastUseOf(t), now))]);
    }

    public async Task<ApiTokenCreation> CreateAsync(ApiTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await RefusalAsync(cancellationToken) is { } refusal)
        {
            return ApiTokenCreation.Refused(refusal);
        }

        var now = time.GetUtcNow();
        var checkedRequest = ApiTokenRequestCheck.Check(request, [.. fleet.Environments.Select(e => e.Name)], now);
        if (!checkedRequest.IsValid)
        {
            // One problem a line, so a form can show them as a list without parsing sentences.
            return ApiTokenCreation.Refused(string.Join('\n', checkedRequest.Problems));
        }

        NewApiToken created;
        try
        {
            created = await tokens.CreateAsync(checkedRequest.Name, checkedRequest.Scopes, caller.AuditName, checkedRequest.ExpiresAt, cancellationToken);
        }
        catch (DuplicateApiTokenNameException)
        {
            return ApiTokenCreation.Refused(
                $"Name: an API token named '{checkedRequest.Name}' already exists; names are never reused (not even after revoking), so choose another.");
        }

        await RecordAsync(
            AuditActions.TokenCreated,
            created.Token,
            $"{TokenScopeText.Format(created.Token.Scopes)} expires={created.Token.ExpiresAt:O}",
            cancellationToken);
        return ApiTokenCreation.Of(Summary(created.Token, lastUsedAt: null, now), created.Secret);
    }

    public async Task<ApiTokenRevocation> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(cancellationToken) is { } refusal)
        {
            return ApiTokenRevocation.NotDone(refusal);
        }

        if (await tokens.FindAsync(id, cancellationToken) is not { } token)
        {
            return ApiTokenRevocation.NotDone("There is no such API token; reload the list.");
        }

        // Revoking twice is what the person wanted already; the first revocation's record stands.
        if (!await tokens.RevokeAsync(id, cancellationToken))
        {
            var revokedAt = (await tokens.FindAsync(id, cancellationToken))?.RevokedAt;
            return ApiTokenRevocation.NotDone(
                $"API token '{token.Name}' was already revoked{(revokedAt is { } at ? $" at {UtcText.Of(at)}" : "")}.");
        }

        await RecordAsync(AuditActions.TokenRevoked, token, TokenScopeText.Format(token.Scopes), cancellationToken);
        return ApiTokenRevocation.Done($"Revoked API token '{token.Name}'; requests presenting it are refused from now on.");
    }

    /// <summary>Why the caller may not manage tokens (the refusal audited), or null when they may.</summary>
    private async Task<string?> RefusalAsync(CancellationToken cancellationToken)
    {
        var decision = await access.AuthorizeAsync(
            PortalAction.ManageTokens, RoleCapabilities.PortalWide, service: null, serviceTags: null, cancellationToken);
        return decision.Allowed
            ? null
            : decision.Reason
                ?? $"Managing API tokens needs an administrator role in {RoleCapabilities.PortalWide}, and you hold no role there. Ask an administrator if you need it.";
    }

    private Task RecordAsync(string action, ApiToken token, string detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry
            {
                Actor = caller.AuditName,
                Action = action,
                Target = token.Name,
                Detail = detail,
                RemoteAddress = caller.RemoteAddress,
            },
            cancellationToken);

    /// <summary>The stored last use, or a later one noted on this instance and not yet written.</summary>
    private DateTimeOffset? LastUseOf(ApiToken token) =>
        uses.PendingOf(token.Id) is { } pending && (token.LastUsedAt is not { } stored || pending > stored) ? pending : token.LastUsedAt;

    private static ApiTokenSummary Summary(ApiToken token, DateTimeOffset? lastUsedAt, DateTimeOffset now) =>
        new(
            token.Id,
            token.Name,
            token.Scopes.Environments,
            token.Scopes.Services,
            token.Scopes.Actions,
            token.CreatedBy,
            token.CreatedAt,
            token.ExpiresAt,
            lastUsedAt,
            token.RevokedAt,
            token.StateAt(now) switch
            {
                ApiTokenState.Revoked => ApiTokenStatus.Revoked,
                ApiTokenState.Expired => ApiTokenStatus.Expired,
                _ => ApiTokenStatus.Active,
            });
}
