using System.Globalization;
using Portal.Shared.Fleet;

namespace Portal.Shared.Health;

/// <summary>
/// The health rule for load balancer targets: any target the load balancer calls unhealthy makes the service Warning,
/// every serving target unhealthy (none healthy, none still in initial checks) makes it Critical, naming the reason
/// most of the unhealthy targets give. A reading older than <see cref="SnapshotFreshness.StaleAfter"/> does not count:
/// readings with unhealthy targets are taken again at every refresh, so an old one means the reads are failing.
/// </summary>
public static class TargetHealth
{
    public static HealthReason? Unhealthy(ServiceSnapshot service, DateTimeOffset now, SnapshotFreshness freshness)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(freshness);
        var targets = service.Targets;
        if (targets.Unhealthy == 0 || targets.ReadAt is not { } readAt || now - readAt > freshness.StaleAfter)
        {
            return null;
        }

        var level = targets.Healthy == 0 && targets.Initial == 0 ? HealthLevel.Critical : HealthLevel.Warning;
        return new(level, HealthReasonCodes.TargetsUnhealthy, Text(targets));
    }

    /// <summary>"2 of 3 targets unhealthy: Health checks failed with these codes: [502]".</summary>
    public static string Text(LoadBalancerTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var count = string.Create(CultureInfo.InvariantCulture,
            $"{targets.Unhealthy} of {targets.Serving} {(targets.Serving == 1 ? "target" : "targets")} unhealthy");
        var why = MostCommonReason(targets);
        return why is null ? count : $"{count}: {why}";
    }

    /// <summary>The description most unhealthy targets give (their reason code when they give none); ties go to the first listed.</summary>
    public static string? MostCommonReason(LoadBalancerTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return targets.TargetGroups
            .SelectMany(g => g.UnhealthyTargets)
            .Select(t => string.IsNullOrWhiteSpace(t.Description) ? t.Reason : t.Description.Trim())
            .OfType<string>()
            .GroupBy(reason => reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
    }
}
