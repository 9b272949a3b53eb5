using System.Collections.Concurrent;
using System.Globalization;

namespace Portal.Server.Tests.Aws;

/// <summary>Credentials the fake STS issued: whose they are and until when they hold.</summary>
/// <param name="RoleArn">The role assumed.</param>
/// <param name="SessionName">RoleSessionName of the AssumeRole call: CloudTrail's "who".</param>
public sealed record IssuedCredentials(
    string AccessKeyId, string SecretAccessKey, string SessionToken, string AccountId, string RoleArn, string SessionName, string? ExternalId, DateTimeOffset Expiration)
{
    /// <summary>Set by <see cref="FakeStsSessions.ExpireAll"/>: answered ExpiredTokenException from then on.</summary>
    public bool Expired { get; set; }

    public FakeSigner Signer => new(AccountId, RoleArn, SessionName);
}

/// <summary>
/// The fake STS's memory of the session credentials it handed out: a new access key for every
/// AssumeRole (so each role, session name and external id has its own), which a test can expire
/// all at once for an account, as when credentials are revoked or outlive their session.
/// </summary>
public sealed class FakeStsSessions
{
    private readonly ConcurrentDictionary<string, IssuedCredentials> _issued = new(StringComparer.Ordinal);
    private int _next;

    public IReadOnlyCollection<IssuedCredentials> Issued => [.. _issued.Values.OrderBy(c => c.AccessKeyId, StringComparer.Ordinal)];

    /// <summary>New credentials; the key is "ASIA" + account + "S" + a sequence number (20 characters, as AWS's are).</summary>
    public IssuedCredentials Issue(string roleArn, string sessionName, string? externalId, DateTimeOffset expiration)
    {
        ArgumentNullException.ThrowIfNull(roleArn);
        var account = roleArn.Split(':')[4];
        var n = Interlocked.Increment(ref _next);
        var key = string.Create(CultureInfo.InvariantCulture, $"ASIA{account}S{n % 1000:000}");
        var credentials = new IssuedCredentials(
            key, $"fake-secret-{account}-{n}", $"fake-session-{account}-{n}", account, roleArn, sessionName, externalId, expiration);
        _issued[key] = credentials;
        return credentials;
    }

    public IssuedCredentials? Find(string? accessKeyId) => accessKeyId is not null && _issued.TryGetValue(accessKeyId, out var credentials) ? credentials : null;

    /// <summary>Every key issued so far for the account answers ExpiredTokenException; keys issued later are fine.</summary>
    public void ExpireAll(string accountId)
    {
        foreach (var credentials in _issued.Values.Where(c => c.AccountId == accountId))
        {
            credentials.Expired = true;
        }
    }
}
