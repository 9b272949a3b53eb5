namespace Portal.Shared.Costs;

/// <summary>
/// Finds days that cost far more than the days before them. Pure, so the page and the tests agree
/// on what an anomaly is.
/// </summary>
public static class CostAnomalies
{
    /// <summary>Days compared with the median of this many days before them.</summary>
    public const int Window = 14;

    /// <summary>A day is anomalous above this multiple of the median before it.</summary>
    public const decimal Factor = 1.3m;

    /// <summary>Fewer earlier days than this say too little about what is normal.</summary>
    private const int MinimumHistory = 7;

    /// <summary>The indexes of anomalous days in a series of daily amounts, oldest first.</summary>
    public static IReadOnlyList<int> Detect(IReadOnlyList<decimal> daily)
    {
        ArgumentNullException.ThrowIfNull(daily);
        var anomalies = new List<int>();
        for (var i = MinimumHistory; i < daily.Count; i++)
        {
            // The median, not the mean, so one earlier spike does not hide the next, and weekends do not pull the baseline down much.
            var before = daily.Skip(Math.Max(0, i - Window)).Take(Math.Min(i, Window)).Order().ToList();
            var median = before.Count % 2 == 1
                ? before[before.Count / 2]
                : (before[(before.Count / 2) - 1] + before[before.Count / 2]) / 2m;
            if (median > 0m && daily[i] > median * Factor)
            {
                anomalies.Add(i);
            }
        }

        return anomalies;
    }
}
