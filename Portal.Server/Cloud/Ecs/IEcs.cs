namespace Portal.Server.Cloud.Ecs;

/// <summary>
/// The Amazon ECS operations the portal uses, shaped like the ECS API (2014-11-13) so a real
/// JSON-protocol adapter and the simulated organization implement the same seam.
/// </summary>
public interface IEcs
{
    Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken);

    Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken);

    Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken);

    /// <summary>At most <see cref="EcsLimits.DescribeServicesMax"/> services per call, as ECS allows.</summary>
    Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken);

    Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken);

    /// <summary>Task definition ARNs, at most <see cref="EcsLimits.ListTaskDefinitionsMax"/> per page.</summary>
    Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken);

    Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken);

    Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken);

    Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken);

    Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken);

    /// <summary>Task ARNs of a cluster (one service's when named), at most <see cref="EcsLimits.ListTasksMax"/> per page.</summary>
    Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken);

    /// <summary>At most <see cref="EcsLimits.DescribeTasksMax"/> tasks per call, as ECS allows.</summary>
    Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken);
}

public static class EcsLimits
{
    public const int ListClustersMax = 100;
    public const int DescribeClustersMax = 100;
    public const int ListServicesMax = 100;
    public const int DescribeServicesMax = 10;
    public const int ListTaskDefinitionsMax = 100;
    public const int ListServiceDeploymentsMax = 100;
    public const int DescribeServiceDeploymentsMax = 20;
    public const int ListTasksMax = 100;
    public const int DescribeTasksMax = 100;

    /// <summary>ECS keeps a stopped task describable for about this long after it stops.</summary>
    public static readonly TimeSpan StoppedTasksKept = TimeSpan.FromHours(1);

    /// <summary>ECS keeps only the newest events of a service.</summary>
    public const int ServiceEventsKept = 100;
}
