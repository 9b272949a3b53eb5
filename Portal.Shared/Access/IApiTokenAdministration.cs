using System.Diagnostics.CodeAnalysis;

namespace Portal.Shared.Access;

/// <summary>
/// Admin › API tokens as the page sees it: every token (never a secret), creating one (its secret
/// shown once) and revoking one. Every call is decided on the server for
/// <see cref="PortalAction.ManageTokens"/> in <see cref="RoleCapabilities.PortalWide"/>, and refused
/// (and audited) for anyone else, so hiding the page's controls is not the only guard.
/// </summary>
public interface IApiTokenAdministration
{
    /// <summary>Every token, revoked and expired ones included, by name.</summary>
    Task<ApiTokenList> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates a token, or says what to fix (or that the caller may not) and writes nothing.</summary>
    Task<ApiTokenCreation> CreateAsync(ApiTokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>Refuses the token from now on, for good.</summary>
    Task<ApiTokenRevocation> RevokeAsync(Guid id, CancellationToken cancellationToken = default);
}

public enum ApiTokenStatus
{
    Active,
    Expired,
    Revoked,
}

/// <summary>One token as the list shows it. Each scope list names what is allowed; <c>*</c> allows anything.</summary>
public sealed record ApiTokenSummary(
    Guid Id,
    string Name,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Actions,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    ApiTokenStatus State);

/// <summary>The tokens, or why the caller may not see them.</summary>
public sealed record ApiTokenList(IReadOnlyList<ApiTokenSummary> Tokens, string? Problem)
{
    public static ApiTokenList Of(IReadOnlyList<ApiTokenSummary> tokens) => new(tokens, null);

    public static ApiTokenList Refused(string problem) => new([], problem);
}

/// <summary>
/// A token to create. <see cref="Environments"/>, <see cref="Services"/> and <see cref="Actions"/>
/// each need at least one value (<c>*</c> for any); actions are among <see cref="TokenActions.All"/>.
/// </summary>
public sealed record ApiTokenRequest(
    string Name,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Services,
    IReadOnlyList<string> Actions,
    DateTimeOffset ExpiresAt);

/// <summary>
/// How a creation went: the new token with its secret, which exists nowhere else and is never
/// shown again; or a problem naming what to fix (several on lines of their own).
/// </summary>
public sealed record ApiTokenCreation(ApiTokenSummary? Token, string? Secret, string? Problem)
{
    [MemberNotNullWhen(true, nameof(Token), nameof(Secret))]
    public bool Created => Token is not null && Secret is not null && Problem is null;

    public static ApiTokenCreation Of(ApiTokenSummary token, string secret) => new(token, secret, null);

    public static ApiTokenCreation Refused(string problem) => new(null, null, problem);

    // A record prints every member; the secret must never reach a log that way.
    public override string ToString() =>
        Created ? $"{nameof(ApiTokenCreation)} {{ Token = {Token.Name}, Secret = (hidden) }}" : $"{nameof(ApiTokenCreation)} {{ Problem = {Problem} }}";
}

/// <summary>How a revocation went, in a sentence for the person.</summary>
public sealed record ApiTokenRevocation(bool Revoked, string Message)
{
    public static ApiTokenRevocation Done(string message) => new(true, message);

    public static ApiTokenRevocation NotDone(string message) => new(false, message);
}
