namespace Portal.Server.Cloud.Ecs;

/// <summary>Counts every ECS call, whichever world answers it.</summary>
public sealed class MeteredEcs(IEcs inner, CloudCallMeter meter) : IEcs
{
    private const string Service = "ecs";

    public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "ListClusters", () => inner.ListClustersAsync(caller, request, cancellationToken));

    public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeClusters", () => inner.DescribeClustersAsync(caller, request, cancellationToken));

    public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "ListServices", () => inner.ListServicesAsync(caller, request, cancellationToken));

    public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeServices", () => inner.DescribeServicesAsync(caller, request, cancellationToken));

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeTaskDefinition", () => inner.DescribeTaskDefinitionAsync(caller, request, cancellationToken));

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "ListTaskDefinitions", () => inner.ListTaskDefinitionsAsync(caller, request, cancellationToken));

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "ListServiceDeployments", () => inner.ListServiceDeploymentsAsync(caller, request, cancellationToken));

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeServiceDeployments", () => inner.DescribeServiceDeploymentsAsync(caller, request, cancellationToken));

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "RegisterTaskDefinition", () => inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken));

    public Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "UpdateService", () => inner.UpdateServiceAsync(caller, request, cancellationToken));

    public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "ListTasks", () => inner.ListTasksAsync(caller, request, cancellationToken));

    public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeTasks", () => inner.DescribeTasksAsync(caller, request, cancellationToken));
}
