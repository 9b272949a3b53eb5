using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Portal.Server.Persistence;

/// <summary>
/// API tokens for machine callers. A token's secret is <c>ptk_</c> followed by 32 random bytes in
/// base64url; only its SHA-256 is stored, so a copy of the database lets no one call the API.
/// </summary>
public sealed partial class ApiTokenStore(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public const string SecretPrefix = "ptk_";

    private const int SecretBytes = 32;

    private static readonly int SecretLength = SecretPrefix.Length + Base64Url.GetEncodedLength(SecretBytes);

    /// <summary>What a token name may be, as a sentence for whoever is choosing one.</summary>
    public static readonly string NameRule =
        $"A token name is 1 to {PortalDbContext.TokenNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit.";

    /// <summary>Whether <see cref="CreateAsync"/> accepts the name (see <see cref="NameRule"/>), so callers can say so before trying.</summary>
    public static bool IsValidName([NotNullWhen(true)] string? name) => name is not null && TokenName().IsMatch(name);

    /// <summary>
    /// Creates a token and returns its secret: the only time the secret exists outside the
    /// caller's hands. Names are unique for good, revoked tokens included, so the audit trail's
    /// <c>token:&lt;name&gt;</c> never means two tokens.
    /// </summary>
    /// <exception cref="DuplicateApiTokenNameException">A token of that name exists.</exception>
    public async Task<NewApiToken> CreateAsync(
        string name, TokenScopes scopes, string createdBy, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        if (!IsValidName(name))
        {
            throw new ArgumentException(NameRule, nameof(name));
        }

        var now = time.GetUtcNow();
        if (expiresAt <= now)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, "A token must expire in the future.");
        }

        var secret = SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            SecretHash = Convert.ToHexStringLower(Hash(secret)),
            Scopes = scopes,
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = expiresAt.ToUniversalTime(),
        };

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (await context.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken))
        {
            throw new DuplicateApiTokenNameException(name);
        }

        context.ApiTokens.Add(token);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error)
        {
            // Lost a race with another request creating the same name.
            context.ChangeTracker.Clear();
            if (await context.ApiTokens.AnyAsync(t => t.Name == name, cancellationToken))
            {
                throw new DuplicateApiTokenNameException(name, error);
            }

            throw;
        }

        return new NewApiToken(token, secret);
    }

    /// <summary>
    /// The token a presented secret belongs to, whatever its state (check <see cref="ApiToken.StateAt"/>),
    /// or null. The lookup goes by hash; the final comparison takes the same time however many
    /// bytes match.
    /// </summary>
    public async Task<ApiToken?> FindBySecretAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (secret is null || secret.Length != SecretLength || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var presented = Hash(secret);
        var hash = Convert.ToHexStringLower(presented);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await context.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        return token is not null && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(token.SecretHash), presented) ? token : null;
    }

    public async Task<ApiToken?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    public async Task<ApiToken?> FindByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Name == name, cancellationToken);
    }

    /// <summary>Every token, revoked and expired ones included, by name.</summary>
    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiTokens.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a token for good; false when there is no such token or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiTokens
            .Where(t => t.Id == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>Notes that the token was just used; false when there is no such token.</summary>
    public async Task<bool> MarkUsedAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.ApiTokens
            .Where(t => t.Id == id)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken) > 0;
    }

    /// <summary>
    /// Writes the last use of several tokens in one transaction (one write lock on SQLite). A last use
    /// already later than the one given (written by another instance) is kept.
    /// </summary>
    public async Task MarkUsedAsync(IReadOnlyCollection<TokenUse> uses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uses);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        foreach (var use in uses)
        {
            await context.ApiTokens
                .Where(t => t.Id == use.TokenId && (t.LastUsedAt == null || t.LastUsedAt < use.UsedAt))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, use.UsedAt), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>SHA-256 of the whole secret as UTF-8, prefix included.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex TokenName();
}

/// <summary>One token's latest use, to be written as its last use.</summary>
public readonly record struct TokenUse(Guid TokenId, DateTimeOffset UsedAt);

/// <summary>A token just created, with the secret that is shown to its creator once and never stored.</summary>
public sealed record NewApiToken(ApiToken Token, string Secret);

public sealed class DuplicateApiTokenNameException(string name, Exception? inner = null)
    : InvalidOperationException($"An API token named '{name}' already exists; token names are never reused.", inner)
{
    public string Name { get; } = name;
}
