using System.Diagnostics;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;

namespace Portal.Benchmarks;

/// <summary>Wall time spent answering cloud calls, by operation: what the simulated cloud costs, apart from the poller.</summary>
internal sealed class CloudTimer
{
    private readonly Dictionary<string, long> _ticks = new(StringComparer.Ordinal);

    /// <summary>Milliseconds spent so far, by operation.</summary>
    public Dictionary<string, double> Totals() => _ticks.ToDictionary(t => t.Key, t => t.Value * 1000.0 / Stopwatch.Frequency, StringComparer.Ordinal);

    public async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            _ticks[operation] = _ticks.GetValueOrDefault(operation) + (Stopwatch.GetTimestamp() - started);
        }
    }

    public static Dictionary<string, double> Delta(Dictionary<string, double> before, Dictionary<string, double> after) =>
        after.ToDictionary(t => t.Key, t => t.Value - before.GetValueOrDefault(t.Key), StringComparer.Ordinal);
}

internal sealed class TimedEcs(IEcs inner, CloudTimer timer) : IEcs
{
    public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("ListClusters", () => inner.ListClustersAsync(caller, request, cancellationToken));

    public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("DescribeClusters", () => inner.DescribeClustersAsync(caller, request, cancellationToken));

    public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("ListServices", () => inner.ListServicesAsync(caller, request, cancellationToken));

    public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("DescribeServices", () => inner.DescribeServicesAsync(caller, request, cancellationToken));

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("DescribeTaskDefinition", () => inner.DescribeTaskDefinitionAsync(caller, request, cancellationToken));

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("ListTaskDefinitions", () => inner.ListTaskDefinitionsAsync(caller, request, cancellationToken));

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("ListServiceDeployments", () => inner.ListServiceDeploymentsAsync(caller, request, cancellationToken));

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("DescribeServiceDeployments", () => inner.DescribeServiceDeploymentsAsync(caller, request, cancellationToken));

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("RegisterTaskDefinition", () => inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken));

    public Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("UpdateService", () => inner.UpdateServiceAsync(caller, request, cancellationToken));

    public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("ListTasks", () => inner.ListTasksAsync(caller, request, cancellationToken));

    public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("DescribeTasks", () => inner.DescribeTasksAsync(caller, request, cancellationToken));
}

internal sealed class TimedCloudWatch(ICloudWatch inner, CloudTimer timer) : ICloudWatch
{
    public Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("GetMetricData", () => inner.GetMetricDataAsync(caller, request, cancellationToken));

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken) =>
        timer.TimeAsync("DescribeAlarms", () => inner.DescribeAlarmsAsync(caller, request, cancellationToken));
}
