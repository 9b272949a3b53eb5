using System.Globalization;

namespace Portal.Shared.History;

/// <summary>
/// Where a timeline page ended: the last row's time, its rank (at one instant alarm changes sort
/// first, then ECS's deployments, then events, then the ledger's deployments) and its key. Rows after it sort strictly lower on (time, rank, key), so pages
/// neither repeat nor skip rows however many share a time.
/// </summary>
public sealed record TimelineCursor(long UtcTicks, int Rank, string Key)
{
    public const int DeployRank = 0;
    public const int EventRank = 1;
    public const int EcsDeploymentRank = 2;
    public const int AlarmRank = 3;
    public const int TaskRank = 4;

    public static TimelineCursor Of(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.At.UtcTicks, RankOf(item.Kind), item.Key);
    }

    public static int RankOf(TimelineKind kind) => kind switch
    {
        TimelineKind.Event => EventRank,
        TimelineKind.EcsDeployment => EcsDeploymentRank,
        TimelineKind.Alarm => AlarmRank,
        TimelineKind.Task => TaskRank,
        _ => DeployRank,
    };

    public static bool TryParse(string? text, out TimelineCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.', 3);
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rank)
            || rank is not (DeployRank or EventRank or EcsDeploymentRank or AlarmRank or TaskRank)
            || parts[2].Length is 0 or > 64)
        {
            return false;
        }

        cursor = new TimelineCursor(ticks, rank, parts[2]);
        return true;
    }

    /// <summary>Newest first: negative when <paramref name="item"/> comes before the cursor.</summary>
    public int CompareTo(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var byTime = item.At.UtcTicks.CompareTo(UtcTicks);
        if (byTime != 0)
        {
            return -byTime;
        }

        var byRank = RankOf(item.Kind).CompareTo(Rank);
        return byRank != 0 ? -byRank : -string.CompareOrdinal(item.Key, Key);
    }

    /// <summary>Whether the item sorts after the cursor, i.e. belongs to a later page.</summary>
    public bool Precedes(TimelineItem item) => CompareTo(item) > 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{UtcTicks}.{Rank}.{Key}");

    /// <summary>The timeline's order: newest first, then rank descending at one instant (alarm changes, ECS's deployments, events, the ledger's deployments), then key descending.</summary>
    public static int Order(TimelineItem left, TimelineItem right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Of(right).CompareTo(left);
    }
}
