using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.Fleet;

namespace Portal.Server.History;

/// <summary>One page of a service's archived stopped tasks, newest first; <see cref="Next"/> is the cursor of the page after, null on the last.</summary>
public sealed record StoppedTaskPage(IReadOnlyList<TaskRecord> Tasks, string? Next);

/// <summary>
/// Reads a service's archived stopped tasks newest first, a page at a time: a keyset on (stopped at, id) past the
/// cursor "ticks.id", so a page costs one index range scan however long the archive is.
/// </summary>
public sealed class StoppedTaskReader(IDbContextFactory<PortalDbContext> contexts)
{
    public const int MaxPageSize = 200;

    public async Task<StoppedTaskPage> PageAsync(
        string environment, string cluster, string service, string? after, int size, CancellationToken cancellationToken)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = context.ArchivedStoppedTasks.AsNoTracking()
            .Where(t => t.Environment == environment && t.Service == service && t.Cluster == cluster);
        if (TryParse(after, out var at, out var id))
        {
            rows = rows.Where(t => t.StoppedAt < at || (t.StoppedAt == at && t.Id < id));
        }

        var page = await rows.OrderByDescending(t => t.StoppedAt).ThenByDescending(t => t.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = page.Count > size ? Cursor(page[size - 1]) : null;
        return new StoppedTaskPage(page.Take(size).Select(StoppedTaskArchive.ToRecord).ToList(), next);
    }

    /// <summary>Whether <paramref name="after"/> is a cursor this reader wrote (or absent).</summary>
    public static bool IsCursor(string? after) => after is null || TryParse(after, out _, out _);

    private static string Cursor(ArchivedStoppedTask row) =>
        string.Create(CultureInfo.InvariantCulture, $"{row.StoppedAt.UtcTicks}.{row.Id}");

    private static bool TryParse(string? after, out DateTimeOffset at, out long id)
    {
        at = default;
        id = 0;
        var dot = after?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (after is null || dot < 0
            || !long.TryParse(after.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || !long.TryParse(after.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out id)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
