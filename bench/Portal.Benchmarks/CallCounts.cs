using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Simulation.World;
using Portal.Shared.Fleet;

namespace Portal.Benchmarks;

/// <summary>Cloud calls per operation: what a refresh made (from the meter) and the fewest the APIs' page sizes allow.</summary>
internal static class CallCounts
{
    public static readonly string[] Operations =
    [
        "ListClusters", "DescribeClusters", "ListServices", "DescribeServices", "DescribeTaskDefinition", "GetMetricData", "DescribeAlarms",
    ];

    /// <summary>Calls made between two readings of the meter, by operation, whatever their outcome.</summary>
    public static Dictionary<string, long> Delta(IReadOnlyDictionary<CloudCallKey, long> before, IReadOnlyDictionary<CloudCallKey, long> after) =>
        after.Select(t => (t.Key.Operation, Count: t.Value - before.GetValueOrDefault(t.Key)))
            .Where(t => t.Count > 0)
            .GroupBy(t => t.Operation, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Count), StringComparer.Ordinal);

    /// <summary>
    /// The fewest calls that read the same snapshots: full pages of every list operation, ten services per
    /// DescribeServices, each task definition not seen in an earlier refresh once, 500 metrics per GetMetricData,
    /// and 100 alarms per DescribeAlarms page.
    /// </summary>
    public static Dictionary<string, long> Minimum(IReadOnlyList<EnvironmentSnapshot> snapshots, SimulatedWorld world, IReadOnlySet<string> describedBefore)
    {
        long listClusters = 0, describeClusters = 0, listServices = 0, describeServices = 0, metricData = 0, describeAlarms = 0;
        foreach (var snapshot in snapshots)
        {
            var clusters = snapshot.Clusters.Count;
            listClusters += Pages(clusters, EcsLimits.ListClustersMax);
            describeClusters += Ceiling(clusters, EcsLimits.DescribeClustersMax);
            foreach (var cluster in snapshot.Clusters)
            {
                listServices += Pages(cluster.Services.Count, EcsLimits.ListServicesMax);
                describeServices += Ceiling(cluster.Services.Count, EcsLimits.DescribeServicesMax);
            }

            metricData += Ceiling(2 * snapshot.Services.Count(), CloudWatchLimits.GetMetricDataMaxQueries);
            var alarms = world.Accounts.Single(a => a.Environment.Name == snapshot.Environment).Alarms.Count;
            describeAlarms += Pages(alarms, CloudWatchLimits.DescribeAlarmsMaxRecords);
        }

        var newTaskDefinitions = snapshots.SelectMany(s => s.Services)
            .Select(s => s.TaskDefinition.Arn)
            .Distinct(StringComparer.Ordinal)
            .LongCount(arn => !describedBefore.Contains(arn));

        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["ListClusters"] = listClusters,
            ["DescribeClusters"] = describeClusters,
            ["ListServices"] = listServices,
            ["DescribeServices"] = describeServices,
            ["DescribeTaskDefinition"] = newTaskDefinitions,
            ["GetMetricData"] = metricData,
            ["DescribeAlarms"] = describeAlarms,
        };
    }

    public static List<EnvironmentSnapshot> SnapshotsOf(this FleetStore store, IEnvironmentCatalog catalog) =>
        catalog.Environments.Select(e => store.Get(e.Name).Snapshot ?? throw new InvalidOperationException($"No snapshot of {e.Name}.")).ToList();

    /// <summary>A list operation takes one call even when it returns nothing.</summary>
    private static long Pages(int items, int pageSize) => Math.Max(1, Ceiling(items, pageSize));

    private static long Ceiling(int items, int size) => (items + size - 1) / size;
}
