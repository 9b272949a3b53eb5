using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Tests.Support;

/// <summary>Passes calls through, except that calls into one account fail once <see cref="Failure"/> is set.</summary>
internal sealed class FailingEcs(IEcs inner, string failingAccountId) : IEcs
{
    /// <summary>Makes the exception for a failing call (service, operation) → exception; null lets calls through.</summary>
    public Func<string, CloudException>? Failure { get; set; }

    public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "ListClusters", () => inner.ListClustersAsync(caller, request, cancellationToken));

    public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "DescribeClusters", () => inner.DescribeClustersAsync(caller, request, cancellationToken));

    public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "ListServices", () => inner.ListServicesAsync(caller, request, cancellationToken));

    public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "DescribeServices", () => inner.DescribeServicesAsync(caller, request, cancellationToken));

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "DescribeTaskDefinition", () => inner.DescribeTaskDefinitionAsync(caller, request, cancellationToken));

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "ListTaskDefinitions", () => inner.ListTaskDefinitionsAsync(caller, request, cancellationToken));

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "ListServiceDeployments", () => inner.ListServiceDeploymentsAsync(caller, request, cancellationToken));

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "DescribeServiceDeployments", () => inner.DescribeServiceDeploymentsAsync(caller, request, cancellationToken));

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "RegisterTaskDefinition", () => inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken));

    public Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "UpdateService", () => inner.UpdateServiceAsync(caller, request, cancellationToken));

    public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "ListTasks", () => inner.ListTasksAsync(caller, request, cancellationToken));

    public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "DescribeTasks", () => inner.DescribeTasksAsync(caller, request, cancellationToken));

    private Task<T> Guard<T>(CloudCaller caller, string operation, Func<Task<T>> call) =>
        Failure is { } failure && caller.AccountId == failingAccountId ? Task.FromException<T>(failure(operation)) : call();
}
