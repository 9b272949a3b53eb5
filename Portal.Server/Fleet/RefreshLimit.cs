using Portal.Server.Cloud.Pacing;

namespace Portal.Server.Fleet;

/// <summary>
/// The least time a refresh can take within the poller's share of AWS's buckets, from the calls it makes:
/// each action family lets its share of the burst go at once and the rest at its share of the refill rate.
/// The ECS stages follow each other (clusters, then services, then metrics, each needing the one before's
/// answers), except that task definitions are read beside the services (each batch's as soon as it is
/// described), and the tasks of changed services are read beside the metrics; target health follows the services; the alarms are read beside all of it. Time on the wire is not counted: this
/// is what the buckets allow, the figure a paced refresh is measured against.
/// </summary>
public static class RefreshLimit
{
    /// <param name="calls">How many calls of a service's operation ("ecs", "DescribeServices") the refresh made.</param>
    /// <param name="share">Polling:AwsShare.</param>
    public static TimeSpan Of(Func<string, string, long> calls, double share)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var ecs = Family(AwsRateFamilies.EcsClusterRead, share, calls("ecs", "ListClusters") + calls("ecs", "DescribeClusters"))
            + Math.Max(
                Family(AwsRateFamilies.EcsServiceRead, share, calls("ecs", "ListServices") + calls("ecs", "DescribeServices")),
                Family(AwsRateFamilies.EcsTaskDefinitionRead, share, calls("ecs", "DescribeTaskDefinition")))
            + Math.Max(
                Family(AwsRateFamilies.CloudWatchGetMetricData, share, calls("cloudwatch", "GetMetricData")),
                Family(AwsRateFamilies.EcsTaskRead, share, calls("ecs", "ListTasks") + calls("ecs", "DescribeTasks")))
            + Family(AwsRateFamilies.ElbDescribe, share, calls("elasticloadbalancing", "DescribeTargetHealth"));
        var alarms = Family(AwsRateFamilies.CloudWatchDescribeAlarms, share, calls("cloudwatch", "DescribeAlarms"));
        return TimeSpan.FromSeconds(Math.Max(ecs, alarms));
    }

    /// <summary>Seconds the family's calls take beyond its burst (its bucket starts full: the interval refills it).</summary>
    public static double Family(AwsRateFamily family, double share, long calls)
    {
        ArgumentNullException.ThrowIfNull(family);
        var burst = Math.Max(1, family.Capacity * share);
        return Math.Max(0, calls - burst) / (family.RefillPerSecond * share);
    }
}
