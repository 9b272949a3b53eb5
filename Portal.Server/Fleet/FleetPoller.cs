using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Server.Fleet;

/// <summary>
/// Reads one environment in full: clusters, services (ten per DescribeServices, as ECS allows),
/// task definitions (each ARN once, they never change), alarms, and CPU/memory for every service
/// (up to 500 metrics per GetMetricData). The number of calls grows with the fleet, never with
/// the number of people looking.
/// </summary>
/// <remarks>
/// ECS and CloudWatch are two parts of a refresh that fail apart. An ECS failure fails the refresh (the
/// store keeps the last snapshot). A CloudWatch failure, or CloudWatch taking longer than
/// Polling:CloudWatchTimeout, does not: the snapshot has fresh ECS data, and each service keeps the alarms
/// and metrics of the snapshot before, with when they were read and why this read failed.
/// </remarks>
public sealed class FleetPoller(IEcs ecs, ICloudWatch cloudWatch, TimeProvider time, IOptions<PollingOptions> options)
{
    private readonly ConcurrentDictionary<string, TaskDefinitionSummary> _taskDefinitions = new(StringComparer.Ordinal);

    public async Task<EnvironmentSnapshot> RefreshAsync(FleetEnvironment environment, EnvironmentSnapshot? previous, CancellationToken cancellationToken)
    {
        var caller = environment.ReadCaller;
        var takenAt = time.GetUtcNow();
        var clusters = await DescribeClustersAsync(caller, cancellationToken);
        var services = new List<(EcsCluster Cluster, EcsService Service)>();
        foreach (var cluster in clusters)
        {
            foreach (var service in await DescribeServicesAsync(caller, cluster, cancellationToken))
            {
                services.Add((cluster, service));
            }
        }

        await DescribeNewTaskDefinitionsAsync(caller, services.Select(s => s.Service), cancellationToken);
        var cloudWatchPart = await ReadCloudWatchAsync(caller, services, takenAt, cancellationToken);
        var before = previous?.Services.ToDictionary(s => (s.Cluster, s.Name));

        var clusterSnapshots = clusters.Select(cluster => new ClusterSnapshot(
            cluster.ClusterName,
            cluster.ClusterArn,
            cluster.Status,
            cluster.RunningTasksCount,
            cluster.PendingTasksCount,
            services.Where(s => s.Cluster == cluster)
                .Select(s => ToSnapshot(cluster, s.Service, cloudWatchPart, before, takenAt))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .ToList())).ToList();
        return new EnvironmentSnapshot(environment.Name, takenAt, clusterSnapshots)
        {
            CloudWatch = cloudWatchPart.Error is { } error
                ? (previous?.CloudWatch ?? PartRead.Never).Failed(error)
                : PartRead.Succeeded(takenAt),
        };
    }

    private async Task<List<EcsCluster>> DescribeClustersAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await ecs.ListClustersAsync(caller, new ListClustersRequest(token, EcsLimits.ListClustersMax), cancellationToken);
            arns.AddRange(page.ClusterArns);
            token = page.NextToken;
        }
        while (token is not null);

        var clusters = new List<EcsCluster>();
        foreach (var chunk in arns.Chunk(EcsLimits.DescribeClustersMax))
        {
            clusters.AddRange((await ecs.DescribeClustersAsync(caller, new DescribeClustersRequest(chunk), cancellationToken)).Clusters);
        }

        return clusters.OrderBy(c => c.ClusterName, StringComparer.Ordinal).ToList();
    }

    private async Task<List<EcsService>> DescribeServicesAsync(CloudCaller caller, EcsCluster cluster, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await ecs.ListServicesAsync(caller, new ListServicesRequest(cluster.ClusterArn, token, EcsLimits.ListServicesMax), cancellationToken);
            arns.AddRange(page.ServiceArns);
            token = page.NextToken;
        }
        while (token is not null);

        var services = new List<EcsService>();
        foreach (var chunk in arns.Chunk(EcsLimits.DescribeServicesMax))
        {
            var described = await ecs.DescribeServicesAsync(caller, new DescribeServicesRequest(cluster.ClusterArn, chunk, IncludeTags: true), cancellationToken);
            services.AddRange(described.Services);
        }

        return services;
    }

    private async Task DescribeNewTaskDefinitionsAsync(CloudCaller caller, IEnumerable<EcsService> services, CancellationToken cancellationToken)
    {
        var unknown = services.Where(s => !_taskDefinitions.ContainsKey(s.TaskDefinition)).DistinctBy(s => s.TaskDefinition, StringComparer.Ordinal);
        foreach (var (arn, service) in unknown.Select(s => (s.TaskDefinition, s.ServiceName)))
        {
            var described = (await ecs.DescribeTaskDefinitionAsync(caller, new DescribeTaskDefinitionRequest(arn), cancellationToken)).TaskDefinition;
            // The service's own container, as a deploy picks it, so a sidecar listed first is never shown as the service's image.
            var container = ServiceContainers.ShownFor(described, service);
            _taskDefinitions[arn] = new TaskDefinitionSummary(
                described.TaskDefinitionArn,
                described.Family,
                described.Revision,
                container?.Image ?? "none",
                described.Cpu ?? "?",
                described.Memory ?? "?",
                container?.Environment.Select(e => e.Name).ToList() ?? []);
        }
    }

    /// <summary>Alarms and metrics for every service, or why CloudWatch could not give them in time.</summary>
    private async Task<CloudWatchPart> ReadCloudWatchAsync(
        CloudCaller caller, List<(EcsCluster Cluster, EcsService Service)> services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = options.Value.CloudWatchTimeout;
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Grouped once: matching every service against every alarm grows with services × alarms.
            var alarms = (await DescribeAlarmsAsync(caller, linked.Token))
                .ToLookup(a => (Cluster: Dimension(a, "ClusterName"), Service: Dimension(a, "ServiceName")));
            var metrics = await GetServiceMetricsAsync(caller, services, now, linked.Token);
            return new CloudWatchPart(alarms, metrics, null);
        }
        catch (CloudException error)
        {
            return CloudWatchPart.Failed(RefreshErrors.Describe(error));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CloudWatchPart.Failed(RefreshErrors.TimedOut("cloudwatch", limit));
        }
    }

    private async Task<List<MetricAlarm>> DescribeAlarmsAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var alarms = new List<MetricAlarm>();
        string? token = null;
        do
        {
            var page = await cloudWatch.DescribeAlarmsAsync(caller, new DescribeAlarmsRequest(NextToken: token, MaxRecords: CloudWatchLimits.DescribeAlarmsMaxRecords), cancellationToken);
            alarms.AddRange(page.MetricAlarms);
            token = page.NextToken;
        }
        while (token is not null);

        return alarms;
    }

    private async Task<Dictionary<string, MetricSeries>> GetServiceMetricsAsync(
        CloudCaller caller, List<(EcsCluster Cluster, EcsService Service)> services, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var queries = services.SelectMany((s, index) => new[]
        {
            Query($"c{index}", "CPUUtilization", s.Cluster.ClusterName, s.Service.ServiceName, settings.MetricPeriodSeconds),
            Query($"m{index}", "MemoryUtilization", s.Cluster.ClusterName, s.Service.ServiceName, settings.MetricPeriodSeconds),
        }).ToList();

        var series = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        foreach (var chunk in queries.Chunk(CloudWatchLimits.GetMetricDataMaxQueries))
        {
            string? token = null;
            do
            {
                var page = await cloudWatch.GetMetricDataAsync(caller, new GetMetricDataRequest(chunk, now - settings.MetricWindow, now, token), cancellationToken);
                foreach (var result in page.MetricDataResults)
                {
                    var points = result.Timestamps.Zip(result.Values, (at, value) => new MetricPoint(at, value));
                    var existing = series.TryGetValue(result.Id, out var found) ? found.Points : [];
                    series[result.Id] = new MetricSeries(existing.Concat(points).OrderBy(p => p.Timestamp).ToList());
                }

                token = page.NextToken;
            }
            while (token is not null);
        }

        var byService = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        for (var index = 0; index < services.Count; index++)
        {
            var (cluster, service) = services[index];
            byService[Key(cluster.ClusterName, service.ServiceName, "cpu")] = series.GetValueOrDefault($"c{index}", MetricSeries.Empty);
            byService[Key(cluster.ClusterName, service.ServiceName, "memory")] = series.GetValueOrDefault($"m{index}", MetricSeries.Empty);
        }

        return byService;
    }

    private static MetricDataQuery Query(string id, string metricName, string cluster, string service, int period) =>
        new(id, new MetricStat(new Metric("AWS/ECS", metricName, [new Dimension("ClusterName", cluster), new Dimension("ServiceName", service)]), period, "Average"));

    private static string Key(string cluster, string service, string metric) => string.Create(CultureInfo.InvariantCulture, $"{cluster}/{service}/{metric}");

    private ServiceSnapshot ToSnapshot(
        EcsCluster cluster,
        EcsService service,
        CloudWatchPart cloudWatchPart,
        Dictionary<(string Cluster, string Name), ServiceSnapshot>? before,
        DateTimeOffset takenAt)
    {
        var earlier = before?.GetValueOrDefault((cluster.ClusterName, service.ServiceName));
        var snapshot = new ServiceSnapshot(
            service.ServiceName,
            cluster.ClusterName,
            service.ServiceArn,
            service.Status,
            service.DesiredCount,
            service.RunningCount,
            service.PendingCount,
            _taskDefinitions.GetValueOrDefault(service.TaskDefinition) ?? TaskDefinitionSummary.Unknown(service.TaskDefinition),
            service.Deployments.Select(ToDeployment).ToList(),
            service.Events
                .Select(e => new ServiceEventRecord(e.Id, e.CreatedAt, e.Message, ServiceEventClassifier.Classify(e.Message)))
                .OrderByDescending(e => e.CreatedAt)
                .ToList(),
            MetricSeries.Empty,
            MetricSeries.Empty,
            [],
            service.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            BelowDesiredSince: null,
            PendingSince: null,
            CloudWatchReadAt: null);
        return WithCloudWatch(snapshot, cloudWatchPart, earlier, takenAt) with
        {
            BelowDesiredSince = ShortfallSince.BelowDesired(snapshot, earlier?.BelowDesiredSince, takenAt),
            PendingSince = ShortfallSince.Pending(snapshot, earlier?.PendingSince, takenAt),
        };
    }

    /// <summary>This refresh's alarms and metrics, or, when CloudWatch failed, the ones the service had before.</summary>
    private static ServiceSnapshot WithCloudWatch(ServiceSnapshot service, CloudWatchPart cloudWatchPart, ServiceSnapshot? earlier, DateTimeOffset takenAt)
    {
        if (cloudWatchPart.Alarms is not { } alarms || cloudWatchPart.Metrics is not { } metrics)
        {
            return earlier is null
                ? service
                : service with { Cpu = earlier.Cpu, Memory = earlier.Memory, Alarms = earlier.Alarms, CloudWatchReadAt = earlier.CloudWatchReadAt };
        }

        return service with
        {
            Cpu = metrics.GetValueOrDefault(Key(service.Cluster, service.Name, "cpu"), MetricSeries.Empty),
            Memory = metrics.GetValueOrDefault(Key(service.Cluster, service.Name, "memory"), MetricSeries.Empty),
            Alarms = alarms[(service.Cluster, service.Name)]
                .Select(a => new AlarmStatus(a.AlarmName, a.StateValue, AlarmStatus.SeverityFromName(a.AlarmName), a.MetricName, a.Threshold, a.StateReason, a.StateUpdatedTimestamp))
                .ToList(),
            CloudWatchReadAt = takenAt,
        };
    }

    private static string? Dimension(MetricAlarm alarm, string name) => alarm.Dimensions.FirstOrDefault(d => d.Name == name)?.Value;

    private static DeploymentSnapshot ToDeployment(EcsDeployment deployment) => new(
        deployment.Id,
        deployment.Status,
        deployment.TaskDefinition,
        deployment.DesiredCount,
        deployment.RunningCount,
        deployment.PendingCount,
        deployment.FailedTasks,
        deployment.RolloutState switch
        {
            "IN_PROGRESS" => RolloutState.InProgress,
            "COMPLETED" => RolloutState.Completed,
            "FAILED" => RolloutState.Failed,
            _ => RolloutState.Unknown,
        },
        deployment.RolloutStateReason,
        deployment.CreatedAt,
        deployment.UpdatedAt);

    /// <summary>What the CloudWatch part of a refresh gave: alarms by (cluster, service) and metrics by key, or the error instead.</summary>
    private sealed record CloudWatchPart(
        ILookup<(string? Cluster, string? Service), MetricAlarm>? Alarms,
        Dictionary<string, MetricSeries>? Metrics,
        string? Error)
    {
        public static CloudWatchPart Failed(string error) => new(null, null, error);
    }
}
