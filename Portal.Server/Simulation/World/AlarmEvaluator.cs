using System.Globalization;

namespace Portal.Server.Simulation.World;

/// <summary>
/// CloudWatch's alarm rule for "GreaterThanThreshold over N one-minute periods": ALARM when every
/// datapoint breaches, OK when none does, unchanged in between.
/// </summary>
internal static class AlarmEvaluator
{
    public static void Evaluate(SimAlarm alarm, DateTimeOffset now)
    {
        var datapoints = Enumerable.Range(0, alarm.EvaluationPeriods)
            .Select(i => MetricModel.Value(alarm.Service, alarm.MetricName, now.AddMinutes(-i)))
            .ToList();
        var breaching = datapoints.Count(v => v > alarm.Threshold);
        var state = breaching == datapoints.Count ? "ALARM" : breaching == 0 ? "OK" : alarm.State;
        if (state == alarm.State)
        {
            return;
        }

        var values = string.Join(", ", datapoints.Select(v => v.ToString("0.0##", CultureInfo.InvariantCulture)));
        var threshold = alarm.Threshold.ToString("0.0", CultureInfo.InvariantCulture);
        alarm.StateReason = state == "ALARM"
            ? $"Threshold Crossed: {datapoints.Count} datapoints [{values}] were greater than the threshold ({threshold})."
            : $"Threshold Crossed: {datapoints.Count} datapoints [{values}] were not greater than the threshold ({threshold}).";
        alarm.State = state;
        alarm.StateUpdatedAt = now;
    }
}
