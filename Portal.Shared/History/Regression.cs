namespace Portal.Shared.History;

/// <summary>One alarm of a service changing state, as the figures read it.</summary>
public sealed record FigureAlarmChange(string Environment, string Cluster, string Service, string AlarmName, string State, DateTimeOffset ChangedAt);

/// <summary>A time a service was in regression: from its first alarm into ALARM until none of its alarms was.</summary>
public sealed record Regression(string Environment, string Cluster, string Service, DateTimeOffset Began, DateTimeOffset? Ended)
{
    /// <summary>
    /// The regressions the alarm changes tell, per service: one begins when an alarm enters ALARM while
    /// none of the service's alarms is in it, and ends when the last one leaves it (OK or no data).
    /// </summary>
    public static IReadOnlyList<Regression> From(IEnumerable<FigureAlarmChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var regressions = new List<Regression>();
        foreach (var service in changes.GroupBy(c => (c.Environment, c.Cluster, c.Service)))
        {
            var inAlarm = new HashSet<string>(StringComparer.Ordinal);
            DateTimeOffset? began = null;
            foreach (var change in service.OrderBy(c => c.ChangedAt))
            {
                if (change.State == "ALARM")
                {
                    inAlarm.Add(change.AlarmName);
                    began ??= change.ChangedAt;
                }
                else if (inAlarm.Remove(change.AlarmName) && inAlarm.Count == 0 && began is { } start)
                {
                    regressions.Add(new Regression(service.Key.Environment, service.Key.Cluster, service.Key.Service, start, change.ChangedAt));
                    began = null;
                }
            }

            if (began is { } open)
            {
                regressions.Add(new Regression(service.Key.Environment, service.Key.Cluster, service.Key.Service, open, null));
            }
        }

        return regressions;
    }
}
