using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Shared.Triage;

/// <summary>
/// Whether a deploy is the likely cause of a service's regression: pure, so the on-call page and the tests agree on it.
/// </summary>
/// <remarks>
/// The regression began at the earliest of what the health rules can date: an alarm's change to ALARM, the start of
/// the latest unbroken run of CPU or memory points at or above their warning threshold, and the time the service fell
/// below its desired count or started waiting on pending tasks. Reasons that carry no time (a failed rollout, recent
/// events) add nothing: the rule prefers saying "not suspect" to guessing a start.
/// </remarks>
public static class SuspectRule
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(30);

    /// <summary>Suspect when the regression began at or after the deploy and no later than the window after it.</summary>
    public static bool IsSuspect(DateTimeOffset? regressionBegan, DateTimeOffset? deployedAt, TimeSpan window)
    {
        if (regressionBegan is not { } began || deployedAt is not { } deployed)
        {
            return false;
        }

        var after = began - deployed;
        return after >= TimeSpan.Zero && after <= window;
    }

    /// <summary>The earliest time the service can be shown to have been unhealthy, or null when none is known.</summary>
    public static DateTimeOffset? RegressionBegan(ServiceSnapshot service, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(thresholds);

        var starts = new List<DateTimeOffset>();
        starts.AddRange(service.Alarms.Where(a => a.IsInAlarm).Select(a => a.StateUpdatedAt));
        AddIfSome(starts, CrossedAt(service.Cpu, thresholds.CpuWarningPercent));
        AddIfSome(starts, CrossedAt(service.Memory, thresholds.MemoryWarningPercent));
        if (service.RunningCount < service.DesiredCount)
        {
            AddIfSome(starts, service.BelowDesiredSince);
        }

        if (service.PendingCount > 0)
        {
            AddIfSome(starts, service.PendingSince);
        }

        return starts.Count == 0 ? null : starts.Min();
    }

    /// <summary>The first point of the run at or above the threshold that reaches the newest point; null when the newest is below.</summary>
    public static DateTimeOffset? CrossedAt(MetricSeries series, double threshold)
    {
        ArgumentNullException.ThrowIfNull(series);
        DateTimeOffset? crossed = null;
        foreach (var point in series.Points.OrderByDescending(p => p.Timestamp))
        {
            if (point.Value < threshold)
            {
                break;
            }

            crossed = point.Timestamp;
        }

        return crossed;
    }

    private static void AddIfSome(List<DateTimeOffset> starts, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            starts.Add(value);
        }
    }
}
