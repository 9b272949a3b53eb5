using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Portal.Server.Deployments;

/// <summary>
/// Counts deploys and rollbacks and measures how long they took, by kind, environment, service and
/// outcome (meter "Portal.Deployments"), for whatever exporter listens.
/// </summary>
public sealed class DeploymentMetrics
{
    public const string MeterName = "Portal.Deployments";
    public const string CounterName = "portal.deployments";
    public const string DurationName = "portal.deployment.duration";

    // Rollouts take from seconds to the better part of an hour; the default buckets stop at 10 s.
    private static readonly IReadOnlyList<double> DurationBuckets = [5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600];

    private readonly Counter<long> _deployments;
    private readonly Histogram<double> _duration;

    // The meter belongs to the factory, which disposes it with the container: disposing it here
    // would also silence any other holder of the same factory-cached meter.
    public DeploymentMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _deployments = meter.CreateCounter<long>(
            CounterName, unit: "{deployment}", description: "Deploys and rollbacks by kind, environment, service and outcome.");
        _duration = meter.CreateHistogram(
            DurationName,
            unit: "s",
            description: "Time from the start of a deploy or rollback to its outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>A deploy or rollback reached its outcome (<see cref="DeploymentOutcomes"/>) after <paramref name="duration"/>.</summary>
    public void Finished(string kind, string environment, string service, string outcome, TimeSpan duration)
    {
        var tags = Tags(kind, environment, service, outcome);
        _deployments.Add(1, tags);
        // A clock that stepped back must not make a negative duration.
        _duration.Record(Math.Max(0, duration.TotalSeconds), tags);
    }

    /// <summary>A guard refused a deploy or rollback; it is counted, but has no duration worth measuring.</summary>
    public void Refused(string kind, string environment, string service) =>
        _deployments.Add(1, Tags(kind, environment, service, DeploymentOutcomes.Refused));

    private static TagList Tags(string kind, string environment, string service, string outcome) => new()
    {
        { "kind", kind },
        { "environment", environment },
        { "service", service },
        { "outcome", outcome },
    };
}
