using System.Globalization;
using Portal.Shared.Fleet;
using Portal.Shared.Time;

namespace Portal.Shared.Health;

/// <summary>
/// Health reasons from a service's tasks (<see cref="ServiceSnapshot.Tasks"/>): tasks that keep stopping, and a
/// container failing its health check. Stops a healthy service goes through (deployments, scale-in, someone
/// stopping a task) never count (<see cref="TaskRecord.IsUnexpectedStop"/>).
/// </summary>
public static class TaskHealthRules
{
    /// <summary>
    /// At least Health:TaskStopsWarning unexpected stops within Health:TaskStopsWindow: a Warning naming the most
    /// common reason (the newest one's among equals), e.g. "Tasks keep stopping: Essential container in task exited, exit 1".
    /// </summary>
    public static HealthReason? RepeatedStops(ServiceSnapshot service, DateTimeOffset now, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(thresholds);
        var stops = RecentUnexpectedStops(service, now, thresholds.TaskStopsWindow).ToList();
        if (stops.Count < thresholds.TaskStopsWarning)
        {
            return null;
        }

        var common = stops.GroupBy(t => t.StopSummary, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenByDescending(g => g.Max(t => t.StoppedAt))
            .First();
        return new(HealthLevel.Warning, HealthReasonCodes.TasksStopping,
            Text($"Tasks keep stopping: {common.Key} ({stops.Count} stopped in the last {Durations.Humanize(thresholds.TaskStopsWindow)})"));
    }

    /// <summary>
    /// A running task with a container whose health check reports UNHEALTHY, or tasks stopped within the window for
    /// failing their container health checks: a Warning naming the container.
    /// </summary>
    public static HealthReason? FailingContainerHealthCheck(ServiceSnapshot service, DateTimeOffset now, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(thresholds);
        var running = service.Tasks.Running.FirstOrDefault(t => t.UnhealthyContainers.Any());
        if (running is not null)
        {
            var container = running.UnhealthyContainers.First().Name;
            return new(HealthLevel.Warning, HealthReasonCodes.ContainerUnhealthy,
                Text($"Container {container} of task {Short(running.Id)} is failing its health check"));
        }

        var stopped = RecentUnexpectedStops(service, now, thresholds.TaskStopsWindow)
            .Where(t => t.UnhealthyContainers.Any())
            .ToList();
        if (stopped.Count == 0)
        {
            return null;
        }

        var named = stopped.SelectMany(t => t.UnhealthyContainers).GroupBy(c => c.Name, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;
        var tasks = stopped.Count == 1 ? "1 task" : Text($"{stopped.Count} tasks");
        return new(HealthLevel.Warning, HealthReasonCodes.ContainerUnhealthy,
            Text($"Container {named} failed its health check: {tasks} stopped in the last {Durations.Humanize(thresholds.TaskStopsWindow)}"));
    }

    /// <summary>The service's unexpected stops within <paramref name="window"/> of <paramref name="now"/>, newest first.</summary>
    public static IEnumerable<TaskRecord> RecentUnexpectedStops(ServiceSnapshot service, DateTimeOffset now, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.Tasks.Stopped
            .Where(t => t.LastStatus == "STOPPED" && t.IsUnexpectedStop && t.StoppedAt is { } at && now - at <= window)
            .OrderByDescending(t => t.StoppedAt);
    }

    private static string Short(string id) => id.Length > 8 ? id[..8] : id;

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
