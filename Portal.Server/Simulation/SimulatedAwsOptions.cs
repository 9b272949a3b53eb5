using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Simulation;

/// <summary>
/// How the simulated organization's ECS and CloudWatch behave on the wire (configuration section
/// "Simulation:Aws"): how long they take to answer, and whether they throttle as AWS does.
/// </summary>
public sealed class SimulatedAwsOptions : IValidatableObject
{
    public const string Section = "Simulation:Aws";

    /// <summary>Median time an ECS call takes, as seen from a region nearby; zero answers at once.</summary>
    public TimeSpan EcsLatency { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Median time a CloudWatch call takes (GetMetricData reads a lot); zero answers at once.</summary>
    public TimeSpan CloudWatchLatency { get; set; } = TimeSpan.FromMilliseconds(80);

    /// <summary>How far answers spread around the median: the sigma of a log-normal spread (0.35 puts 95 % within about ×0.5 to ×2).</summary>
    [Range(0.0, 2.0)]
    public double LatencySpread { get; set; } = 0.35;

    /// <summary>Whether calls draw from AWS's token buckets per account, region and action family and are refused (ThrottlingException) when one is empty.</summary>
    public bool Throttling { get; set; } = true;

    /// <summary>
    /// The part of every bucket's refill that callers outside the portal (console, Terraform, CI) use, so the
    /// portal gets only the rest. Zero for the demo: its small fleet is never throttled.
    /// </summary>
    [Range(0.0, 0.95)]
    public double OthersShare { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EcsLatency < TimeSpan.Zero || CloudWatchLatency < TimeSpan.Zero)
        {
            yield return new ValidationResult("Simulation:Aws:EcsLatency and CloudWatchLatency must not be negative.", [nameof(EcsLatency), nameof(CloudWatchLatency)]);
        }

        if (EcsLatency > TimeSpan.FromSeconds(10) || CloudWatchLatency > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult("Simulation:Aws latencies above 00:00:10 would only make every refresh time out.", [nameof(EcsLatency), nameof(CloudWatchLatency)]);
        }
    }
}
