using System.Collections.Concurrent;
using Portal.Server.Cloud.Aws;

namespace Portal.Server.Cloud.IdentityCenter;

/// <summary>
/// A signed-in person's role credentials (GetRoleCredentials), fetched when first needed and reused
/// until five minutes before they expire; the next call after that fetches new ones, so the person
/// never meets an expired credential. One fetch at a time per (person, account, role); callers for
/// other roles are not held up. Credentials are never shared between people.
/// </summary>
public sealed class RoleCredentialCache(IIdentityCenter identityCenter, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<RoleKey, Entry> _entries = new();

    /// <param name="person">Whatever names the signed-in person to the sign-in layer; the cache keys on it.</param>
    /// <param name="accessToken">The person's Identity Center token, used when credentials have to be fetched.</param>
    public async Task<AwsSigningCredentials> GetAsync(string person, string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(person);
        var entry = _entries.GetOrAdd(new RoleKey(person, accountId, roleName), _ => new Entry());
        if (Fresh(entry.Credentials) is { } cached)
        {
            return cached;
        }

        await entry.Fetching.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(entry.Credentials) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var credentials = await identityCenter.GetRoleCredentialsAsync(accessToken, accountId, roleName, cancellationToken);
            entry.Credentials = credentials;
            return credentials;
        }
        finally
        {
            entry.Fetching.Release();
        }
    }

    /// <summary>
    /// AWS refused <paramref name="stale"/> as expired or revoked: drops them, unless fresh ones were
    /// fetched meanwhile, so the next <see cref="GetAsync"/> asks Identity Center again.
    /// </summary>
    public void Forget(string person, string accountId, string roleName, AwsSigningCredentials stale)
    {
        if (_entries.TryGetValue(new RoleKey(person, accountId, roleName), out var entry))
        {
            entry.Drop(stale);
        }
    }

    /// <summary>Drops every credential held for the person (on sign-out).</summary>
    public void Forget(string person)
    {
        foreach (var key in _entries.Keys.Where(k => string.Equals(k.Person, person, StringComparison.Ordinal)))
        {
            if (_entries.TryRemove(key, out var entry))
            {
                entry.Credentials = null;
            }
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Dispose();
        }

        _entries.Clear();
    }

    /// <summary>Credentials without an expiry are not kept: they could not be renewed in time.</summary>
    private AwsSigningCredentials? Fresh(AwsSigningCredentials? credentials) =>
        credentials?.Expiration is { } expiration && expiration - RenewBefore > time.GetUtcNow() ? credentials : null;

    private readonly record struct RoleKey(string Person, string AccountId, string RoleName);

    private sealed class Entry : IDisposable
    {
        private AwsSigningCredentials? _credentials;

        public SemaphoreSlim Fetching { get; } = new(1, 1);

        public AwsSigningCredentials? Credentials
        {
            get => Volatile.Read(ref _credentials);
            set => Volatile.Write(ref _credentials, value);
        }

        public void Drop(AwsSigningCredentials stale) => Interlocked.CompareExchange(ref _credentials, null, stale);

        public void Dispose() => Fetching.Dispose();
    }
}
