using Microsoft.EntityFrameworkCore;

namespace Portal.Server.Persistence;

/// <summary>The audit trail: append-only, read newest first.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>
    /// Appends an entry; an unset <see cref="AuditEntry.At"/> is taken from the clock. Over-long
    /// fields are cut to their column's length rather than losing the entry.
    /// </summary>
    public async Task<AuditEntry> RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor, nameof(entry));
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action, nameof(entry));
        if (entry.Id != 0)
        {
            throw new ArgumentException("The entry is already recorded.", nameof(entry));
        }

        entry.At = (entry.At == default ? time.GetUtcNow() : entry.At).ToUniversalTime();
        entry.Actor = Cut(entry.Actor, PortalDbContext.ActorLength)!;
        entry.Action = Cut(entry.Action, PortalDbContext.ActionLength)!;
        entry.Environment = Cut(entry.Environment, PortalDbContext.EnvironmentLength);
        entry.Target = Cut(entry.Target, PortalDbContext.TargetLength);
        entry.RemoteAddress = Cut(entry.RemoteAddress, PortalDbContext.RemoteAddressLength);

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.AuditEntries.Add(entry);
        await context.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>Entries matching the query, newest first, one page of them, with the total that match.</summary>
    public async Task<AuditPage> RecentAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Skip, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Take, 1, nameof(query));
        var take = Math.Min(query.Take, MaxPageSize);

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = context.AuditEntries.AsNoTracking();
        if (query.Actor is { } actor)
        {
            entries = entries.Where(e => e.Actor == actor);
        }

        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }

        if (query.Environment is { } environment)
        {
            entries = entries.Where(e => e.Environment == environment);
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries
            .OrderByDescending(e => e.At)
            .ThenByDescending(e => e.Id)
            .Skip(query.Skip)
            .Take(take)
            .ToListAsync(cancellationToken);
        return new AuditPage(page, total, query.Skip, take);
    }

    private static string? Cut(string? value, int length) =>
        value is not null && value.Length > length ? value[..length] : value;
}

/// <summary>
/// Which audit entries to read. Null filters match everything; <see cref="From"/> is inclusive and
/// <see cref="To"/> exclusive.
/// </summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }

    public string? Action { get; init; }

    public string? Environment { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public int Skip { get; init; }

    /// <summary>Page size, at most <see cref="AuditLog.MaxPageSize"/>.</summary>
    public int Take { get; init; } = AuditLog.DefaultPageSize;
}

/// <summary>One page of the audit trail, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total, int Skip, int Take)
{
    public bool HasMore => Skip + Entries.Count < Total;
}
