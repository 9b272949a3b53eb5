using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Shared.Fleet;

namespace Portal.Server.Fleet;

/// <summary>
/// Reads the tasks of the services that changed in a refresh (<see cref="TaskChanges"/>), at most
/// Polling:TaskReadsPerRefresh services a refresh, the ones that changed in this refresh first: ListTasks RUNNING and
/// STOPPED for each, then DescribeTasks for up to 100 tasks of one cluster at a time, across services. A stopped task
/// already described is never described again (a stopped task no longer changes). Services left over keep the tasks
/// they had, marked due, and are read by the next refresh, so a restart catches up over a few refreshes instead of
/// spending a whole read bucket in one.
/// </summary>
/// <remarks>
/// Tasks are a part of a refresh that fails on its own: a failed task read keeps each service's earlier tasks, marked
/// due, and the refresh goes on.
/// </remarks>
public sealed class ServiceTaskReader(IEcs ecs, ReadPace pace, IOptions<PollingOptions> options)
{
    private const string Ecs = "ecs";

    public async Task<Dictionary<(string Cluster, string Service), ServiceTasks>> ReadAsync(
        CloudCaller caller,
        IReadOnlyList<(EcsCluster Cluster, EcsService Service)> services,
        IReadOnlyDictionary<(string Cluster, string Name), ServiceSnapshot>? before,
        DateTimeOffset takenAt,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<(string Cluster, string Service), ServiceTasks>();
        var due = new List<(EcsCluster Cluster, EcsService Service, ServiceSnapshot? Earlier, bool ChangedNow)>();
        foreach (var (cluster, service) in services)
        {
            var earlier = before?.GetValueOrDefault((cluster.ClusterName, service.ServiceName));
            var changedNow = TaskChanges.Changed(service, earlier);
            if (changedNow || earlier is null || earlier.Tasks.Due || earlier.Tasks.ReadAt is null)
            {
                due.Add((cluster, service, earlier, changedNow));
            }
            else
            {
                result[(cluster.ClusterName, service.ServiceName)] = earlier.Tasks;
            }
        }

        // What changed now goes first; a backlog (after a restart) fills what room is left.
        var budget = options.Value.TaskReadsPerRefresh;
        var ordered = due.OrderByDescending(d => d.ChangedNow).ToList();
        foreach (var skipped in ordered.Skip(budget))
        {
            result[(skipped.Cluster.ClusterName, skipped.Service.ServiceName)] = (skipped.Earlier?.Tasks ?? ServiceTasks.None) with { Due = true };
        }

        var chosen = ordered.Take(budget).ToList();
        var perCluster = await Task.WhenAll(chosen.GroupBy(d => d.Cluster.ClusterArn, StringComparer.Ordinal)
            .Select(group => ReadClusterAsync(caller, group.First().Cluster, group.ToList(), takenAt, cancellationToken)));
        foreach (var (key, tasks) in perCluster.SelectMany(c => c))
        {
            result[key] = tasks;
        }

        return result;
    }

    private async Task<List<((string Cluster, string Service) Key, ServiceTasks Tasks)>> ReadClusterAsync(
        CloudCaller caller,
        EcsCluster cluster,
        List<(EcsCluster Cluster, EcsService Service, ServiceSnapshot? Earlier, bool ChangedNow)> services,
        DateTimeOffset takenAt,
        CancellationToken cancellationToken)
    {
        try
        {
            var listed = await Task.WhenAll(services.Select(async s =>
            {
                var running = ListAsync(caller, cluster.ClusterArn, s.Service.ServiceName, "RUNNING", cancellationToken);
                var stopped = ListAsync(caller, cluster.ClusterArn, s.Service.ServiceName, "STOPPED", cancellationToken);
                return (s.Service, s.Earlier, Running: await running, Stopped: await stopped);
            }));

            var known = listed
                .SelectMany(l => l.Earlier?.Tasks.Stopped ?? [])
                .Where(t => t.LastStatus == "STOPPED")
                .GroupBy(t => t.Arn, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var toDescribe = listed.SelectMany(l => l.Running.Concat(l.Stopped)).Where(arn => !known.ContainsKey(arn)).Distinct(StringComparer.Ordinal).ToList();
            var described = await Task.WhenAll(toDescribe.Chunk(EcsLimits.DescribeTasksMax).Select(chunk => pace.CallAsync(caller, Ecs, "DescribeTasks",
                ct => ecs.DescribeTasksAsync(caller, new DescribeTasksRequest(cluster.ClusterArn, chunk), ct), cancellationToken)));
            var byArn = described.SelectMany(d => d.Tasks).Select(ToRecord).ToDictionary(t => t.Arn, StringComparer.Ordinal);
            foreach (var (arn, task) in known)
            {
                byArn.TryAdd(arn, task);
            }

            return listed.Select(l => ((cluster.ClusterName, l.Service.ServiceName), new ServiceTasks(
                    l.Running.Select(arn => byArn.GetValueOrDefault(arn)).OfType<TaskRecord>().OrderBy(t => t.StartedAt ?? DateTimeOffset.MaxValue).ToList(),
                    l.Stopped.Select(arn => byArn.GetValueOrDefault(arn)).OfType<TaskRecord>().OrderByDescending(t => t.StoppedAt ?? DateTimeOffset.MaxValue).ToList(),
                    takenAt)))
                .ToList();
        }
        catch (CloudException)
        {
            // The task part failed for this cluster: its services keep what they had and are read again next time.
            return services.Select(s => ((cluster.ClusterName, s.Service.ServiceName), (s.Earlier?.Tasks ?? ServiceTasks.None) with { Due = true })).ToList();
        }
    }

    private async Task<List<string>> ListAsync(CloudCaller caller, string cluster, string service, string desiredStatus, CancellationToken cancellationToken)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await pace.CallAsync(caller, Ecs, "ListTasks",
                ct => ecs.ListTasksAsync(caller, new ListTasksRequest(cluster, service, desiredStatus, token, EcsLimits.ListTasksMax), ct), cancellationToken);
            arns.AddRange(page.TaskArns);
            token = page.NextToken;
        }
        while (token is not null);

        return arns;
    }

    private static TaskRecord ToRecord(EcsTask task) => new(
        task.TaskArn,
        task.TaskDefinitionArn,
        task.LastStatus,
        task.DesiredStatus,
        task.HealthStatus,
        task.LaunchType,
        task.AvailabilityZone,
        task.StartedAt,
        task.StoppedAt,
        task.StopCode,
        task.StoppedReason,
        task.Containers.Select(c => new TaskContainerState(c.Name, c.ExitCode, c.Reason, c.HealthStatus)).ToList());
}

/// <summary>Whether a refresh saw something that can change a service's tasks: its counts, its deployments, or a new task event.</summary>
public static class TaskChanges
{
    private static readonly HashSet<ServiceEventClass> TaskEvents =
    [
        ServiceEventClass.TasksStarted,
        ServiceEventClass.TasksStopped,
        ServiceEventClass.UnhealthyTarget,
        ServiceEventClass.TaskFailedToStart,
        ServiceEventClass.Draining,
    ];

    public static bool Changed(EcsService service, ServiceSnapshot? earlier)
    {
        if (earlier is null)
        {
            return true;
        }

        if (service.DesiredCount != earlier.DesiredCount || service.RunningCount != earlier.RunningCount || service.PendingCount != earlier.PendingCount)
        {
            return true;
        }

        var deployments = earlier.Deployments.ToDictionary(d => d.Id, StringComparer.Ordinal);
        if (service.Deployments.Count != deployments.Count || service.Deployments.Any(d => !deployments.TryGetValue(d.Id, out var seen)
            || seen.RunningCount != d.RunningCount || seen.PendingCount != d.PendingCount || seen.FailedTasks != d.FailedTasks))
        {
            return true;
        }

        var seenEvents = earlier.Events.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return service.Events.Any(e => !seenEvents.Contains(e.Id) && TaskEvents.Contains(ServiceEventClassifier.Classify(e.Message)));
    }
}
