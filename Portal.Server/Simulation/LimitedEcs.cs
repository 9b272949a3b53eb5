using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Simulation;

/// <summary>The simulated ECS behind AWS's latency and throttling (<see cref="SimulatedAwsLimits"/>).</summary>
internal sealed class LimitedEcs(IEcs inner, SimulatedAwsLimits limits) : IEcs
{
    private const string Service = "ecs";

    public async Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "ListClusters", cancellationToken);
        return await inner.ListClustersAsync(caller, request, cancellationToken);
    }

    public async Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "DescribeClusters", cancellationToken);
        return await inner.DescribeClustersAsync(caller, request, cancellationToken);
    }

    public async Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "ListServices", cancellationToken);
        return await inner.ListServicesAsync(caller, request, cancellationToken);
    }

    public async Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "DescribeServices", cancellationToken);
        return await inner.DescribeServicesAsync(caller, request, cancellationToken);
    }

    public async Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "DescribeTaskDefinition", cancellationToken);
        return await inner.DescribeTaskDefinitionAsync(caller, request, cancellationToken);
    }

    public async Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "ListTaskDefinitions", cancellationToken);
        return await inner.ListTaskDefinitionsAsync(caller, request, cancellationToken);
    }

    public async Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "ListServiceDeployments", cancellationToken);
        return await inner.ListServiceDeploymentsAsync(caller, request, cancellationToken);
    }

    public async Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "DescribeServiceDeployments", cancellationToken);
        return await inner.DescribeServiceDeploymentsAsync(caller, request, cancellationToken);
    }

    public async Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "RegisterTaskDefinition", cancellationToken);
        return await inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken);
    }

    public async Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "UpdateService", cancellationToken);
        return await inner.UpdateServiceAsync(caller, request, cancellationToken);
    }

    public async Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "ListTasks", cancellationToken);
        return await inner.ListTasksAsync(caller, request, cancellationToken);
    }

    public async Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "DescribeTasks", cancellationToken);
        return await inner.DescribeTasksAsync(caller, request, cancellationToken);
    }
}
