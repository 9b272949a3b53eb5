using System.Globalization;
using Portal.Shared.Fleet;
using Portal.Shared.Time;

namespace Portal.Shared.Health;

/// <summary>Pure rules that turn what the poller saw into a health level with reasons.</summary>
/// <remarks>
/// Every rule adds at most one reason, except that each alarm in ALARM adds its own. Durations compare strictly ("older than the grace period"), event windows
/// inclusively ("within the last 15 min"). Events are read by their <see cref="ServiceEventRecord.Class"/>; the only
/// thing read from a message is the deployment id a rollback names. Reasons come back worst first.
/// <para>
/// Freshness, part by part, against <see cref="SnapshotFreshness.StaleAfter"/>: ECS data older than that is not
/// trusted, so the service is Unknown ("data is stale") unless its last known reasons are worse, and those stay
/// shown. Younger ECS data from a failed refresh keeps its health, with a note saying how old it is and why. While
/// the ECS data is trusted, alarm, CPU and memory reasons count only while the service's CloudWatch data is younger
/// than StaleAfter too; a note says when CloudWatch data is older than the snapshot or missing, and why.
/// </para>
/// </remarks>
public static class HealthRules
{
    /// <summary>How long before a rollback event the failure that caused it may be; ECS writes both together.</summary>
    private static readonly TimeSpan FailureToRollbackGap = TimeSpan.FromMinutes(5);

    public static ServiceHealth Evaluate(ServiceSnapshot service, DateTimeOffset now, SnapshotFreshness freshness, HealthThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(freshness);
        ArgumentNullException.ThrowIfNull(thresholds);

        var ecsTrusted = now - freshness.EcsReadAt <= freshness.StaleAfter;
        var cloudWatchTrusted = service.CloudWatchReadAt is { } readAt && now - readAt <= freshness.StaleAfter;
        var reasons = new List<HealthReason>();
        Add(reasons, BelowDesired(service, now, thresholds));
        Add(reasons, PendingTooLong(service, now, thresholds));
        Add(reasons, RolloutFailed(service));
        Add(reasons, RolledBack(service, now, thresholds));

        // When ECS data is past StaleAfter, every reason is the last known one alike; otherwise alarms and metrics
        // too old to trust would speak for a service whose ECS data is fresh.
        if (cloudWatchTrusted || !ecsTrusted)
        {
            foreach (var alarm in service.Alarms.Where(a => a.IsInAlarm))
            {
                reasons.Add(AlarmFiring(alarm, now));
            }

            Add(reasons, Utilisation(HealthReasonCodes.CpuHigh, "CPU", service.Cpu, thresholds.CpuWarningPercent, thresholds.CpuCriticalPercent));
            Add(reasons, Utilisation(HealthReasonCodes.MemoryHigh, "Memory", service.Memory, thresholds.MemoryWarningPercent, thresholds.MemoryCriticalPercent));
        }

        Add(reasons, TargetHealth.Unhealthy(service, now, freshness));
        Add(reasons, RecentEvents(service, now, thresholds, ServiceEventClass.UnhealthyTarget, HealthReasonCodes.FailingHealthChecks, FailingHealthChecksText));
        Add(reasons, RecentEvents(service, now, thresholds, ServiceEventClass.TaskFailedToStart, HealthReasonCodes.TasksFailingToStart, TasksFailingToStartText));
        Add(reasons, RecentEvents(service, now, thresholds, ServiceEventClass.PlacementFailure, HealthReasonCodes.PlacementFailures, PlacementFailuresText));
        Add(reasons, TaskHealthRules.RepeatedStops(service, now, thresholds));
        Add(reasons, TaskHealthRules.FailingContainerHealthCheck(service, now, thresholds));
        if (!ecsTrusted)
        {
            reasons.Add(Stale(freshness, now));
        }

        var notes = new List<HealthNote>();
        if (ecsTrusted)
        {
            AddNote(notes, EcsDataStale(freshness, now));
            AddNote(notes, CloudWatchData(service, freshness, now, cloudWatchTrusted));
        }

        // OrderByDescending is stable: reasons of one level keep the order the rules run in.
        return ServiceHealth.From([.. reasons.OrderByDescending(r => r.Level)]) with { Notes = notes };
    }

    private static void Add(List<HealthReason> reasons, HealthReason? reason)
    {
        if (reason is not null)
        {
            reasons.Add(reason);
        }
    }

    private static HealthReason? BelowDesired(ServiceSnapshot service, DateTimeOffset now, HealthThresholds thresholds)
    {
        if (service.RunningCount >= service.DesiredCount)
        {
            return null;
        }

        var lasted = now - (service.BelowDesiredSince ?? now);
        if (lasted <= thresholds.BelowDesiredGrace)
        {
            return null;
        }

        var level = service.RunningCount == 0 || service.RunningCount * 2 < service.DesiredCount
            ? HealthLevel.Critical
            : HealthLevel.Warning;
        return new(level, HealthReasonCodes.BelowDesired,
            Text($"Running {service.RunningCount} of {service.DesiredCount} tasks for {Durations.Humanize(lasted)}"));
    }

    private static HealthReason? PendingTooLong(ServiceSnapshot service, DateTimeOffset now, HealthThresholds thresholds)
    {
        if (service.PendingCount <= 0)
        {
            return null;
        }

        var lasted = now - (service.PendingSince ?? now);
        if (lasted <= thresholds.PendingTooLong)
        {
            return null;
        }

        return new(HealthLevel.Warning, HealthReasonCodes.PendingTooLong,
            Text($"{Tasks(service.PendingCount)} pending for {Durations.Humanize(lasted)}"));
    }

    private static HealthReason? RolloutFailed(ServiceSnapshot service)
    {
        if (service.Primary is not { RolloutState: RolloutState.Failed } primary)
        {
            return null;
        }

        var text = string.IsNullOrWhiteSpace(primary.RolloutStateReason)
            ? Text($"Deployment {primary.Id} failed")
            : Text($"Deployment {primary.Id} failed: {primary.RolloutStateReason.Trim()}");
        return new(HealthLevel.Critical, HealthReasonCodes.RolloutFailed, text);
    }

    private static HealthReason? RolledBack(ServiceSnapshot service, DateTimeOffset now, HealthThresholds thresholds)
    {
        var rollback = service.Events
            .Where(e => e.Class == ServiceEventClass.Rollback && now - e.CreatedAt <= thresholds.RollbackWindow)
            .MaxBy(e => e.CreatedAt);
        if (rollback is null)
        {
            return null;
        }

        var ago = Durations.Ago(rollback.CreatedAt, now);
        var failed = FailedDeploymentId(service, rollback);
        if (failed is not null)
        {
            return new(HealthLevel.Warning, HealthReasonCodes.RolledBack, Text($"Circuit breaker rolled back deployment {failed} {ago}"));
        }

        var target = ServiceEventClassifier.DeploymentId(rollback.Message);
        var text = target is null
            ? Text($"Circuit breaker rolled back a deployment {ago}")
            : Text($"Circuit breaker rolled back to deployment {target} {ago}");
        return new(HealthLevel.Warning, HealthReasonCodes.RolledBack, text);
    }

    /// <summary>
    /// The deployment a rollback undid. "(service x) rolling back to deployment ecs-svc/2." names only the deployment
    /// rolled back to, so the failed one comes from the "deployment failed" event ECS writes just before it; a message
    /// that names the failed deployment first ("(deployment ecs-svc/1) rolling back to deployment ecs-svc/2.",
    /// "deployment ecs-svc/1 has been rolled back.") names it itself.
    /// </summary>
    private static string? FailedDeploymentId(ServiceSnapshot service, ServiceEventRecord rollback)
    {
        var named = ServiceEventClassifier.DeploymentId(rollback.Message);
        var rolledBackTo = RolledBackToDeploymentId(rollback.Message);
        if (named is not null && named != rolledBackTo)
        {
            return named;
        }

        var failure = service.Events
            .Where(e => e.Class == ServiceEventClass.DeploymentFailed
                && e.CreatedAt <= rollback.CreatedAt
                && rollback.CreatedAt - e.CreatedAt <= FailureToRollbackGap)
            .MaxBy(e => e.CreatedAt);
        return failure is null ? null : ServiceEventClassifier.DeploymentId(failure.Message);
    }

    private static string? RolledBackToDeploymentId(string message)
    {
        const string Marker = "back to deployment";
        var at = message.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : ServiceEventClassifier.DeploymentId(message[(at + Marker.Length)..]);
    }

    private static HealthReason AlarmFiring(AlarmStatus alarm, DateTimeOffset now)
    {
        var level = alarm.Severity == AlarmSeverity.Critical ? HealthLevel.Critical : HealthLevel.Warning;
        var text = Text($"Alarm {alarm.Name} in ALARM since {Durations.Ago(alarm.StateUpdatedAt, now)}");
        if (!string.IsNullOrWhiteSpace(alarm.StateReason))
        {
            text += ": " + alarm.StateReason.Trim();
        }

        return new(level, HealthReasonCodes.AlarmFiring, text);
    }

    private static HealthReason? Utilisation(string code, string metric, MetricSeries series, double warningPercent, double criticalPercent)
    {
        if (series.Latest is not { } latest)
        {
            return null;
        }

        var value = latest.Value;
        if (value >= criticalPercent)
        {
            return new(HealthLevel.Critical, code, Text($"{metric} at {Percent(value)} (critical above {Percent(criticalPercent)})"));
        }

        if (value >= warningPercent)
        {
            return new(HealthLevel.Warning, code, Text($"{metric} at {Percent(value)} (warning above {Percent(warningPercent)})"));
        }

        return null;
    }

    private static HealthReason? RecentEvents(
        ServiceSnapshot service,
        DateTimeOffset now,
        HealthThresholds thresholds,
        ServiceEventClass eventClass,
        string code,
        Func<int, string, string> text)
    {
        var count = service.Events.Count(e => e.Class == eventClass && now - e.CreatedAt <= thresholds.RecentEventsWindow);
        return count == 0
            ? null
            : new(HealthLevel.Warning, code, text(count, Durations.Humanize(thresholds.RecentEventsWindow)));
    }

    private static string FailingHealthChecksText(int count, string window) =>
        Text($"{Tasks(count)} failed health checks in the last {window}");

    private static string TasksFailingToStartText(int count, string window) =>
        Text($"Tasks failed to start {Times(count)} in the last {window}");

    private static string PlacementFailuresText(int count, string window) =>
        Text($"Unable to place tasks {Times(count)} in the last {window}");

    private static HealthReason Stale(SnapshotFreshness freshness, DateTimeOffset now)
    {
        var text = Text($"Data is stale: last refreshed {Durations.Ago(freshness.EcsReadAt, now)}");
        if (!string.IsNullOrWhiteSpace(freshness.EcsError))
        {
            text += Text($" (error: {freshness.EcsError.Trim()})");
        }

        return new(HealthLevel.Unknown, HealthReasonCodes.StaleData, text);
    }

    private static void AddNote(List<HealthNote> notes, HealthNote? note)
    {
        if (note is not null)
        {
            notes.Add(note);
        }
    }

    /// <summary>The last refresh failed but the data it kept is younger than StaleAfter: the health stands, marked with its age.</summary>
    private static HealthNote? EcsDataStale(SnapshotFreshness freshness, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(freshness.EcsError))
        {
            return null;
        }

        return new(HealthNoteCodes.EcsDataStale,
            Text($"ECS data {Durations.Humanize(now - freshness.EcsReadAt)} old: last refresh failed: {freshness.EcsError.Trim()}"));
    }

    /// <summary>
    /// CloudWatch failed while ECS did not, or its data is too old to count. CloudWatch data as old as the ECS data
    /// with no CloudWatch error only aged with it (a failed ECS refresh reads no CloudWatch): the ECS note says it.
    /// </summary>
    private static HealthNote? CloudWatchData(ServiceSnapshot service, SnapshotFreshness freshness, DateTimeOffset now, bool trusted)
    {
        var error = string.IsNullOrWhiteSpace(freshness.CloudWatchError) ? null : freshness.CloudWatchError.Trim();
        var why = error is null ? string.Empty : ": " + error;
        if (service.CloudWatchReadAt is not { } readAt)
        {
            return new(HealthNoteCodes.CloudWatchDataUnavailable, "No CloudWatch data yet, alarms and metrics not counted" + why);
        }

        if (!trusted)
        {
            return new(HealthNoteCodes.CloudWatchDataUnavailable,
                Text($"CloudWatch data unavailable since {Durations.Ago(readAt, now)}, alarms and metrics not counted") + why);
        }

        return error is null
            ? null
            : new(HealthNoteCodes.CloudWatchDataStale, Text($"CloudWatch data {Durations.Humanize(now - readAt)} old") + why);
    }

    private static string Tasks(int count) => count == 1 ? "1 task" : Text($"{count} tasks");

    private static string Times(int count) => count switch
    {
        1 => "once",
        2 => "twice",
        _ => Text($"{count} times"),
    };

    /// <summary>Whole percent when whole, else one decimal, rounded down so 89.96 never reads as "90%".</summary>
    private static string Percent(double value) =>
        (Math.Floor(value * 10) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
