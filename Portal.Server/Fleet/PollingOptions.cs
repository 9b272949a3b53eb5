using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Fleet;

/// <summary>How the fleet poller reads each environment (configuration section "Polling").</summary>
public sealed class PollingOptions : IValidatableObject
{
    public const string Section = "Polling";

    /// <summary>Time between two refreshes of one environment.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Data older than this is not trusted: ECS data that old makes a service Unknown, CloudWatch data that old no
    /// longer counts towards its health. Younger data from a failed refresh is shown marked with its age.
    /// </summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the CloudWatch part of a refresh (alarms, metrics) may take before the refresh goes on without it.</summary>
    public TimeSpan CloudWatchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far back CPU and memory are read for the charts.</summary>
    public TimeSpan MetricWindow { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Seconds per metric datapoint.</summary>
    [Range(60, 3600)]
    public int MetricPeriodSeconds { get; set; } = 300;

    /// <summary>
    /// The part of each of AWS's request-rate buckets (per account, region and action family) the poller uses:
    /// its own buckets hold and refill this much of AWS's, leaving the rest to the console, Terraform, CI and
    /// the portal's other readers.
    /// </summary>
    [Range(0.05, 1.0)]
    public double AwsShare { get; set; } = 0.5;

    /// <summary>How many times a read AWS throttled in spite of the pace is tried again, each after slowing its family down.</summary>
    [Range(0, 10)]
    public int ThrottleRetries { get; set; } = 3;

    /// <summary>
    /// At most this many services of an environment have their tasks read (ListTasks, DescribeTasks) in one refresh;
    /// only services that changed are read, and the ones left over wait for the next refresh.
    /// </summary>
    [Range(1, 100000)]
    public int TaskReadsPerRefresh { get; set; } = 40;

    /// <summary>
    /// How long a service's load balancer targets, all healthy when last read, go unread while nothing else about the
    /// service changes. A service that changed (counts, deployments, a new event) or whose targets were not all healthy
    /// is read again at its next refresh.
    /// </summary>
    public TimeSpan TargetHealthRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At most this many DescribeTargetHealth calls per refresh of an environment, services in trouble or changed first:
    /// ELBv2's Describe* bucket refills 10 a second for the whole account, so reading 1,000 target groups at once would hold
    /// a refresh for minutes. The default is the poller's share of the bucket's burst, so the reads never wait for tokens.
    /// </summary>
    [Range(1, 10_000)]
    public int TargetHealthReadsPerRefresh { get; set; } = 20;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Polling:Interval must be at least 00:00:01.", [nameof(Interval)]);
        }

        if (StaleAfter <= Interval)
        {
            yield return new ValidationResult("Polling:StaleAfter must be longer than Polling:Interval.", [nameof(StaleAfter)]);
        }

        if (CloudWatchTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Polling:CloudWatchTimeout must be longer than 00:00:00.", [nameof(CloudWatchTimeout)]);
        }

        if (TargetHealthRecheck < TimeSpan.Zero)
        {
            yield return new ValidationResult("Polling:TargetHealthRecheck must not be negative.", [nameof(TargetHealthRecheck)]);
        }

        if (MetricWindow < TimeSpan.FromMinutes(10))
        {
            yield return new ValidationResult("Polling:MetricWindow must be at least 00:10:00.", [nameof(MetricWindow)]);
        }
    }
}
