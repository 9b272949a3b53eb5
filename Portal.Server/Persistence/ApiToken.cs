namespace Portal.Server.Persistence;

/// <summary>
/// A machine caller's credential (CI, chat). Only the SHA-256 of its secret is kept: the secret
/// itself is shown once, when the token is created.
/// </summary>
public sealed class ApiToken
{
    public Guid Id { get; set; }

    /// <summary>Unique for good: the audit trail names the caller <c>token:&lt;name&gt;</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret, prefix included.</summary>
    public required string SecretHash { get; set; }

    public required TokenScopes Scopes { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public ApiTokenState StateAt(DateTimeOffset now) =>
        RevokedAt is not null ? ApiTokenState.Revoked
        : now >= ExpiresAt ? ApiTokenState.Expired
        : ApiTokenState.Active;
}

public enum ApiTokenState
{
    Active,
    Expired,
    Revoked,
}

/// <summary>
/// What a token may touch. Each list names what is allowed; <c>*</c> allows anything, and an empty
/// list allows nothing, so a forgotten list fails closed.
/// </summary>
public sealed record TokenScopes
{
    public const string Any = "*";

    public TokenScopes(IEnumerable<string> environments, IEnumerable<string> services, IEnumerable<string> actions)
    {
        Environments = [.. environments];
        Services = [.. services];
        Actions = [.. actions];
    }

    public IReadOnlyList<string> Environments { get; }

    public IReadOnlyList<string> Services { get; }

    public IReadOnlyList<string> Actions { get; }

    public bool Allows(string environment, string service, string action) =>
        Matches(Environments, environment) && Matches(Services, service) && Matches(Actions, action);

    public bool Equals(TokenScopes? other) =>
        other is not null
        && Environments.SequenceEqual(other.Environments, StringComparer.Ordinal)
        && Services.SequenceEqual(other.Services, StringComparer.Ordinal)
        && Actions.SequenceEqual(other.Actions, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in Environments.Concat(Services).Concat(Actions))
        {
            hash.Add(part, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    private static bool Matches(IReadOnlyList<string> allowed, string value) =>
        allowed.Any(a => a == Any || string.Equals(a, value, StringComparison.Ordinal));
}
