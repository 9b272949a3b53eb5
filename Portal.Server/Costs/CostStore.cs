using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.Costs;

namespace Portal.Server.Costs;

/// <summary>The cost cache in the database: the answers of the last successful refresh and the record of every attempt.</summary>
public sealed class CostStore(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<CostSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var lastSuccess = await context.CostRefreshes.Where(r => r.Succeeded).OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var lastAttempt = await context.CostRefreshes.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var lines = lastSuccess is null
            ? []
            : (await context.CostEntries.AsNoTracking().ToListAsync(cancellationToken)).Select(e => e.ToLine()).ToList();
        return new CostSnapshot(
            lines,
            lastSuccess?.FinishedAt,
            lastSuccess?.Requests,
            lastAttempt?.FinishedAt,
            lastAttempt is { Succeeded: false } ? lastAttempt.Error : null);
    }

    /// <summary>Replaces the cached answers with a refresh's, and records it, in one transaction: readers see the old set or the new, never half.</summary>
    public async Task SaveAsync(IReadOnlyList<CostLine> lines, CostRefreshRecord refresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(refresh);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.CostEntries.ExecuteDeleteAsync(cancellationToken);
        context.CostEntries.AddRange(lines.Select(CostEntry.From));
        context.CostRefreshes.Add(refresh);
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt; the cached answers stay.</summary>
    public async Task RecordFailureAsync(CostRefreshRecord refresh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        if (refresh.Error is { Length: > PortalDbContext.CostErrorLength } error)
        {
            refresh.Error = error[..PortalDbContext.CostErrorLength];
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.CostRefreshes.Add(refresh);
        await context.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>What the cache holds: the lines of the last successful refresh, when it was, and the last failure since.</summary>
public sealed record CostSnapshot(
    IReadOnlyList<CostLine> Lines,
    DateTimeOffset? RefreshedAt,
    int? Requests,
    DateTimeOffset? LastAttemptAt,
    string? LastError)
{
    public static CostSnapshot Empty { get; } = new([], null, null, null, null);
}
