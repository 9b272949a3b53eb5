using System.Text.RegularExpressions;

namespace Portal.Shared.History;

/// <summary>
/// Folds the events of a service that repeat one after the other ("Placement failure ×48") into one row.
/// Events repeat when they are of the same class and, for events of no known class, say the same thing
/// but for ids and numbers. A run ends at any other row of the same service (a deploy, an alarm, another
/// event), so what happened between repeats stays in its place; rows of other services do not end it.
/// A fold sits where its newest event sits, so the rows keep the timeline's order.
/// </summary>
public static partial class TimelineFolding
{
    /// <summary>Folds the rows of one stretch of the timeline, newest first.</summary>
    public static List<TimelineItem> Fold(IEnumerable<TimelineItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var rows = new List<List<TimelineItem>>();
        var open = new Dictionary<(string, string, string), (string Key, List<TimelineItem> Run)>();
        foreach (var item in items.SelectMany(Members).Order(Comparer<TimelineItem>.Create(TimelineCursor.Order)))
        {
            var service = (item.Environment, item.Cluster, item.Service);
            var key = KeyOf(item);
            if (key is not null && open.TryGetValue(service, out var run) && run.Key == key)
            {
                run.Run.Add(item);
                continue;
            }

            var row = new List<TimelineItem> { item };
            rows.Add(row);
            if (key is null)
            {
                open.Remove(service);
            }
            else
            {
                open[service] = (key, row);
            }
        }

        return rows.Select(Row).ToList();
    }

    /// <summary>
    /// Adds the next page to the rows shown: a fold the previous page ended on continues into the first
    /// row of the same service on the next page when that row repeats it.
    /// </summary>
    public static List<TimelineItem> Append(IReadOnlyList<TimelineItem> shown, IReadOnlyList<TimelineItem> next)
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(next);
        return Fold(shown.Concat(next));
    }

    /// <summary>The single rows a row stands for: a fold's events, or the row itself.</summary>
    public static IEnumerable<TimelineItem> Members(TimelineItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Fold is { } fold ? fold.Members : [item];
    }

    /// <summary>What makes two events repeats of each other; null for rows that never fold.</summary>
    private static string? KeyOf(TimelineItem item)
    {
        if (item.Event is not { } serviceEvent)
        {
            return null;
        }

        return serviceEvent.Class == "Other" ? "Other|" + Variable().Replace(serviceEvent.Message, "#") : serviceEvent.Class;
    }

    private static TimelineItem Row(List<TimelineItem> run) => run.Count == 1
        ? run[0]
        : run[0] with { Fold = new TimelineFold(run.Count, run[^1].At, run[0].At, run) };

    /// <summary>Ids, counts and times that differ between repeats of one message.</summary>
    [GeneratedRegex(@"[0-9a-f]{6,}|\d+", RegexOptions.IgnoreCase)]
    private static partial Regex Variable();
}
