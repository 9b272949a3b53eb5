using System.Collections.Concurrent;
using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary>
/// The uses of API tokens noted on this instance and not yet written to the database. Noting a use
/// is a dictionary update and never waits for the database; <see cref="TokenUseWriter"/> writes
/// them in batches, each token at most once per <see cref="WriteGap"/>, so a busy CI token costs
/// one write a minute however many requests it makes.
/// </summary>
public sealed class TokenUses(TimeProvider time)
{
    /// <summary>The least time between two writes of one token's last use from this instance.</summary>
    public static readonly TimeSpan WriteGap = TimeSpan.FromMinutes(1);

    // Latest use not yet written, by token.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    // When this instance last wrote each token's use; entries older than the gap are dropped.
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _written = new();

    /// <summary>Notes that the token was used now.</summary>
    public void Note(Guid tokenId)
    {
        // Static lambdas with the time as argument: no allocation per request.
        _pending.AddOrUpdate(tokenId, static (_, now) => now, static (_, earlier, now) => now > earlier ? now : earlier, time.GetUtcNow());
    }

    /// <summary>The latest use noted here and not yet written, if any: lets this instance show a fresher last use than the database holds.</summary>
    public DateTimeOffset? PendingOf(Guid tokenId) => _pending.TryGetValue(tokenId, out var usedAt) ? usedAt : null;

    /// <summary>
    /// Takes the uses that may be written now: those of tokens not written in the last
    /// <see cref="WriteGap"/>. The rest wait for a later call.
    /// </summary>
    public IReadOnlyList<TokenUse> TakeDue()
    {
        var now = time.GetUtcNow();
        ForgetWritesBefore(now - WriteGap);
        var due = new List<TokenUse>();
        foreach (var tokenId in _pending.Keys)
        {
            if (!_written.ContainsKey(tokenId) && _pending.TryRemove(tokenId, out var usedAt))
            {
                _written[tokenId] = now;
                due.Add(new TokenUse(tokenId, usedAt));
            }
        }

        return due;
    }

    /// <summary>Takes every pending use, due or not: for the last write when the host stops.</summary>
    public IReadOnlyList<TokenUse> TakeAll()
    {
        var all = new List<TokenUse>();
        foreach (var tokenId in _pending.Keys)
        {
            if (_pending.TryRemove(tokenId, out var usedAt))
            {
                all.Add(new TokenUse(tokenId, usedAt));
            }
        }

        return all;
    }

    /// <summary>Puts back uses whose write failed, so a later write carries them (unless a newer use came meanwhile).</summary>
    public void Return(IEnumerable<TokenUse> uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        foreach (var use in uses)
        {
            _pending.AddOrUpdate(use.TokenId, use.UsedAt, (_, newer) => newer > use.UsedAt ? newer : use.UsedAt);
        }
    }

    private void ForgetWritesBefore(DateTimeOffset moment)
    {
        foreach (var (tokenId, writtenAt) in _written)
        {
            if (writtenAt <= moment)
            {
                _written.TryRemove(KeyValuePair.Create(tokenId, writtenAt));
            }
        }
    }
}
