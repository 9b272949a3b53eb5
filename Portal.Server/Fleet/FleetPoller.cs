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
/// <para>
/// Calls that do not wait on each other's answers go out together (clusters' service lists, the
/// DescribeServices batches, new task definitions, GetMetricData batches, and the alarms beside all of ECS),
/// each paced by <see cref="ReadPace"/>, so a refresh takes about what AWS's buckets allow the portal and no
/// longer. The snapshot is the one a call-by-call read would give: results are put back in the order asked.
/// Task definitions described once are kept by <see cref="ITaskDefinitionShelf"/> (the database), so a
/// restart describes only revisions it has never seen.
/// </para>
/// <para>
/// ECS and CloudWatch are two parts of a refresh that fail apart. An ECS failure fails the refresh (the
/// store keeps the last snapshot). A CloudWatch failure, or CloudWatch keeping the refresh waiting longer than
/// Polling:CloudWatchTimeout once ECS is read, does not: the snapshot has fresh ECS data, and each service
/// keeps the alarms and metrics of the snapshot before, with when they were read and why this read failed.
/// </para>
/// </remarks>
public sealed class FleetPoller(
    IEcs ecs, ICloudWatch cloudWatch, ReadPace pace, ITaskDefinitionShelf shelf, TimeProvider time, IOptions<PollingOptions> options,
    TargetHealthReads? targetHealth = null)
{
    private readonly ServiceTaskReader _tasks = new(ecs, pace, options);
    private const string Ecs = "ecs";
    private const string CloudWatch = "cloudwatch";

    private readonly ConcurrentDictionary<string, TaskDefinitionSummary> _taskDefinitions = new(StringComparer.Ordinal);

    public async Task<EnvironmentSnapshot> RefreshAsync(FleetEnvironment environment, EnvironmentSnapshot? previous, CancellationToken cancellationToken)
    {
        var caller = environment.ReadCaller;
        var takenAt = time.GetUtcNow();
        using var cloudWatchCalls = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var ecsCalls = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The alarms need nothing from ECS: they are read while ECS is, so the account's slow DescribeAlarms rate costs no extra time.
        var alarms = DescribeAlarmsAsync(caller, cloudWatchCalls);
        try
        {
            var clusters = await DescribeClustersAsync(caller, ecsCalls);
            var asked = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
            var perCluster = await Task.WhenAll(clusters.Select(cluster => DescribeServicesAsync(caller, cluster, asked, ecsCalls)));
            var services = clusters.Zip(perCluster, (cluster, found) => found.Select(service => (Cluster: cluster, Service: service)))
                .SelectMany(s => s)
                .ToList();

            var before = previous?.Services.ToDictionary(s => (s.Cluster, s.Name));
            // Tasks of the services that changed are read while CloudWatch is: they draw from a bucket of their own.
            var tasksRead = _tasks.ReadAsync(caller, services, before, takenAt, cancellationToken);
            var cloudWatchPart = await ReadCloudWatchAsync(caller, services, alarms, cloudWatchCalls, takenAt, cancellationToken);
            var tasks = await tasksRead;

            var clusterSnapshots = clusters.Select(cluster => new ClusterSnapshot(
                cluster.ClusterName,
                cluster.ClusterArn,
                cluster.Status,
                cluster.RunningTasksCount,
                cluster.PendingTasksCount,
                services.Where(s => s.Cluster == cluster)
                    .Select(s => ToSnapshot(cluster, s.Service, cloudWatchPart, before, takenAt) with
                    {
                        Tasks = tasks.GetValueOrDefault((cluster.ClusterName, s.Service.ServiceName)) ?? ServiceTasks.None,
                    })
                    .OrderBy(s => s.Name, StringComparer.Ordinal)
                    .ToList())).ToList();
            if (targetHealth is not null)
            {
                clusterSnapshots = await targetHealth.AddAsync(caller, clusterSnapshots, services, previous, cancellationToken);
            }

            return new EnvironmentSnapshot(environment.Name, takenAt, clusterSnapshots)
            {
                CloudWatch = cloudWatchPart.Error is { } error
                    ? (previous?.CloudWatch ?? PartRead.Never).Failed(error)
                    : PartRead.Succeeded(takenAt),
            };
        }
        finally
        {
            // An ECS failure ends the refresh: the alarms still being read are no longer wanted.
            await cloudWatchCalls.CancelAsync();
            await ((Task)alarms).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>An ECS read. Its failure fails the refresh, so the ECS reads still waiting for their tokens are given up.</summary>
    private async Task<T> ReadEcsAsync<T>(CloudCaller caller, string operation, Func<CancellationToken, Task<T>> call, CancellationTokenSource ecsCalls)
    {
        try
        {
            return await pace.CallAsync(caller, Ecs, operation, call, ecsCalls.Token);
        }
        catch (CloudException)
        {
            await ecsCalls.CancelAsync();
            throw;
        }
    }

    private async Task<List<EcsCluster>> DescribeClustersAsync(CloudCaller caller, CancellationTokenSource ecsCalls)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await ReadEcsAsync(caller, "ListClusters",
                ct => ecs.ListClustersAsync(caller, new ListClustersRequest(token, EcsLimits.ListClustersMax), ct), ecsCalls);
            arns.AddRange(page.ClusterArns);
            token = page.NextToken;
        }
        while (token is not null);

        var described = await Task.WhenAll(arns.Chunk(EcsLimits.DescribeClustersMax).Select(chunk => ReadEcsAsync(caller, "DescribeClusters",
            ct => ecs.DescribeClustersAsync(caller, new DescribeClustersRequest(chunk), ct), ecsCalls)));
        return described.SelectMany(d => d.Clusters).OrderBy(c => c.ClusterName, StringComparer.Ordinal).ToList();
    }

    /// <summary>The cluster's services, and the task definitions of each batch as soon as that batch is described.</summary>
    private async Task<List<EcsService>> DescribeServicesAsync(
        CloudCaller caller, EcsCluster cluster, ConcurrentDictionary<string, bool> asked, CancellationTokenSource ecsCalls)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await ReadEcsAsync(caller, "ListServices",
                ct => ecs.ListServicesAsync(caller, new ListServicesRequest(cluster.ClusterArn, token, EcsLimits.ListServicesMax), ct), ecsCalls);
            arns.AddRange(page.ServiceArns);
            token = page.NextToken;
        }
        while (token is not null);

        var described = await Task.WhenAll(arns.Chunk(EcsLimits.DescribeServicesMax).Select(async chunk =>
        {
            var answer = await ReadEcsAsync(caller, "DescribeServices",
                ct => ecs.DescribeServicesAsync(caller, new DescribeServicesRequest(cluster.ClusterArn, chunk, IncludeTags: true), ct), ecsCalls);
            // Task definitions draw from a bucket of their own: read while later batches still wait for service-read tokens.
            await ReadNewTaskDefinitionsAsync(caller, answer.Services, asked, ecsCalls);
            return answer;
        }));
        return described.SelectMany(d => d.Services).ToList();
    }

    /// <summary>
    /// Task definitions of these services not seen by this process (nor asked for by another batch of this refresh):
    /// from the shelf when kept there, else described, and then kept.
    /// </summary>
    private async Task ReadNewTaskDefinitionsAsync(
        CloudCaller caller, IReadOnlyList<EcsService> services, ConcurrentDictionary<string, bool> asked, CancellationTokenSource ecsCalls)
    {
        var unknown = services.Where(s => !_taskDefinitions.ContainsKey(s.TaskDefinition) && asked.TryAdd(s.TaskDefinition, true)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var kept = await shelf.FindAsync(unknown.Select(s => s.TaskDefinition).ToList(), ecsCalls.Token);
        foreach (var service in unknown.Where(s => kept.ContainsKey(s.TaskDefinition)))
        {
            Remember(kept[service.TaskDefinition], service);
        }

        var toDescribe = unknown.Where(s => !kept.ContainsKey(s.TaskDefinition)).ToList();
        var reads = toDescribe.Select(service => ReadEcsAsync(caller, "DescribeTaskDefinition",
            ct => ecs.DescribeTaskDefinitionAsync(caller, new DescribeTaskDefinitionRequest(service.TaskDefinition), ct), ecsCalls)).ToList();
        try
        {
            await Task.WhenAll(reads);
        }
        finally
        {
            // What was described is kept even when another read failed the refresh: the next one asks only for the rest.
            var described = toDescribe.Zip(reads).Where(r => r.Second.IsCompletedSuccessfully).Select(r => (Service: r.First, r.Second.Result.TaskDefinition)).ToList();
            foreach (var (service, taskDefinition) in described)
            {
                Remember(taskDefinition, service);
            }

            await shelf.KeepAsync(described.Select(d => d.TaskDefinition).ToList(), CancellationToken.None);
        }
    }

    private void Remember(EcsTaskDefinition described, EcsService service)
    {
        // The service's own container, as a deploy picks it, so a sidecar listed first is never shown as the service's image.
        var container = ServiceContainers.ShownFor(described, service.ServiceName);
        _taskDefinitions[service.TaskDefinition] = new TaskDefinitionSummary(
            described.TaskDefinitionArn,
            described.Family,
            described.Revision,
            container?.Image ?? "none",
            described.Cpu ?? "?",
            described.Memory ?? "?",
            container?.Environment.Select(e => e.Name).ToList() ?? [])
        {
            Logs = ContainerLogs.Of(described),
        };
    }

    /// <summary>Alarms and metrics for every service, or why CloudWatch could not give them in time.</summary>
    private async Task<CloudWatchPart> ReadCloudWatchAsync(
        CloudCaller caller,
        List<(EcsCluster Cluster, EcsService Service)> services,
        Task<List<MetricAlarm>> alarmsRead,
        CancellationTokenSource cloudWatchCalls,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var limit = options.Value.CloudWatchTimeout;
        using var timeout = new CancellationTokenSource(limit, time);
        using var stop = timeout.Token.Register(cloudWatchCalls.Cancel);
        var metricsRead = GetServiceMetricsAsync(caller, services, now, cloudWatchCalls);
        try
        {
            await Task.WhenAll(alarmsRead, metricsRead);
            // Grouped once: matching every service against every alarm grows with services × alarms.
            var alarms = alarmsRead.Result.ToLookup(a => (Cluster: Dimension(a, "ClusterName"), Service: Dimension(a, "ServiceName")));
            return new CloudWatchPart(alarms, metricsRead.Result, null);
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

    private async Task<List<MetricAlarm>> DescribeAlarmsAsync(CloudCaller caller, CancellationTokenSource cloudWatchCalls)
    {
        var alarms = new List<MetricAlarm>();
        string? token = null;
        try
        {
            do
            {
                var page = await pace.CallAsync(caller, CloudWatch, "DescribeAlarms",
                    ct => cloudWatch.DescribeAlarmsAsync(caller, new DescribeAlarmsRequest(NextToken: token, MaxRecords: CloudWatchLimits.DescribeAlarmsMaxRecords), ct),
                    cloudWatchCalls.Token);
                alarms.AddRange(page.MetricAlarms);
                token = page.NextToken;
            }
            while (token is not null);
        }
        catch (CloudException)
        {
            // The CloudWatch part has failed: the metrics still being read are not wanted.
            await cloudWatchCalls.CancelAsync();
            throw;
        }

        return alarms;
    }

    private async Task<Dictionary<string, MetricSeries>> GetServiceMetricsAsync(
        CloudCaller caller, List<(EcsCluster Cluster, EcsService Service)> services, DateTimeOffset now, CancellationTokenSource cloudWatchCalls)
    {
        var settings = options.Value;
        var queries = services.SelectMany((s, index) => new[]
        {
            Query($"c{index}", "CPUUtilization", s.Cluster.ClusterName, s.Service.ServiceName, settings.MetricPeriodSeconds),
            Query($"m{index}", "MemoryUtilization", s.Cluster.ClusterName, s.Service.ServiceName, settings.MetricPeriodSeconds),
        }).ToList();

        Dictionary<string, MetricSeries>[] perChunk;
        try
        {
            perChunk = await Task.WhenAll(queries.Chunk(CloudWatchLimits.GetMetricDataMaxQueries)
                .Select(chunk => GetMetricDataAsync(caller, chunk, now - settings.MetricWindow, now, cloudWatchCalls.Token)));
        }
        catch (CloudException)
        {
            await cloudWatchCalls.CancelAsync();
            throw;
        }

        // Each query id is in one chunk only, so the chunks' series never overlap.
        var series = perChunk.SelectMany(c => c).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var byService = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        for (var index = 0; index < services.Count; index++)
        {
            var (cluster, service) = services[index];
            byService[Key(cluster.ClusterName, service.ServiceName, "cpu")] = series.GetValueOrDefault($"c{index}", MetricSeries.Empty);
            byService[Key(cluster.ClusterName, service.ServiceName, "memory")] = series.GetValueOrDefault($"m{index}", MetricSeries.Empty);
        }

        return byService;
    }

    /// <summary>One batch of queries, every page of it (the pages of one batch follow each other's NextToken).</summary>
    private async Task<Dictionary<string, MetricSeries>> GetMetricDataAsync(
        CloudCaller caller, MetricDataQuery[] chunk, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var series = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await pace.CallAsync(caller, CloudWatch, "GetMetricData",
                ct => cloudWatch.GetMetricDataAsync(caller, new GetMetricDataRequest(chunk, start, end, token), ct), cancellationToken);
            foreach (var result in page.MetricDataResults)
            {
                var points = result.Timestamps.Zip(result.Values, (at, value) => new MetricPoint(at, value));
                var existing = series.TryGetValue(result.Id, out var found) ? found.Points : [];
                series[result.Id] = new MetricSeries(existing.Concat(points).OrderBy(p => p.Timestamp).ToList());
            }

            token = page.NextToken;
        }
        while (token is not null);

        return series;
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
