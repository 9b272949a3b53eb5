using System.Text.Json.Nodes;

namespace Portal.Server.Cloud.Ecs;

// Request and response records named after the members of the ECS API model
// (shared aws-models/ecs/service-2.json), holding only the members the portal reads or sends.

public sealed record ListClustersRequest(string? NextToken = null, int? MaxResults = null);

public sealed record ListClustersResponse(IReadOnlyList<string> ClusterArns, string? NextToken);

public sealed record DescribeClustersRequest(IReadOnlyList<string> Clusters);

public sealed record DescribeClustersResponse(IReadOnlyList<EcsCluster> Clusters, IReadOnlyList<EcsFailure> Failures);

public sealed record EcsCluster(
    string ClusterArn,
    string ClusterName,
    string Status,
    int RunningTasksCount,
    int PendingTasksCount,
    int ActiveServicesCount);

public sealed record EcsFailure(string Arn, string Reason, string? Detail);

public sealed record ListServicesRequest(string Cluster, string? NextToken = null, int? MaxResults = null);

public sealed record ListServicesResponse(IReadOnlyList<string> ServiceArns, string? NextToken);

/// <summary><paramref name="IncludeTags"/> stands for <c>include: ["TAGS"]</c>.</summary>
public sealed record DescribeServicesRequest(string Cluster, IReadOnlyList<string> Services, bool IncludeTags = false);

public sealed record DescribeServicesResponse(IReadOnlyList<EcsService> Services, IReadOnlyList<EcsFailure> Failures);

public sealed record EcsService(
    string ServiceArn,
    string ServiceName,
    string ClusterArn,
    string Status,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    string TaskDefinition,
    IReadOnlyList<EcsDeployment> Deployments,
    IReadOnlyList<EcsServiceEvent> Events,
    IReadOnlyList<EcsTag> Tags,
    DateTimeOffset CreatedAt)
{
    /// <summary>The service's <c>loadBalancers</c>: the target groups ECS registers its tasks in.</summary>
    public IReadOnlyList<EcsLoadBalancer> LoadBalancers { get; init; } = [];
}

/// <summary>One entry of a service's <c>loadBalancers</c> (targetGroupArn for ALB and NLB, loadBalancerName for a Classic one).</summary>
public sealed record EcsLoadBalancer(string? TargetGroupArn, string? LoadBalancerName, string? ContainerName, int? ContainerPort);

public sealed record EcsDeployment(
    string Id,
    string Status,
    string TaskDefinition,
    int DesiredCount,
    int PendingCount,
    int RunningCount,
    int FailedTasks,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? RolloutState,
    string? RolloutStateReason);

public sealed record EcsServiceEvent(string Id, DateTimeOffset CreatedAt, string Message);

public sealed record EcsTag(string Key, string Value);

/// <summary><paramref name="IncludeTags"/> stands for <c>include: ["TAGS"]</c>.</summary>
public sealed record DescribeTaskDefinitionRequest(string TaskDefinition, bool IncludeTags = false);

public sealed record DescribeTaskDefinitionResponse(EcsTaskDefinition TaskDefinition);

/// <summary>
/// A task definition revision: the members the portal reads, typed, and the whole <c>taskDefinition</c>
/// object as ECS described it, so a new revision can carry every member, including ones added to ECS
/// after this was written. <paramref name="Document"/> is shared: copy it (DeepClone) before changing it.
/// <paramref name="Tags"/> are empty unless they were asked for.
/// </summary>
public sealed record EcsTaskDefinition(
    string TaskDefinitionArn,
    string Family,
    int Revision,
    string Status,
    string? Cpu,
    string? Memory,
    IReadOnlyList<EcsContainerDefinition> ContainerDefinitions,
    DateTimeOffset? RegisteredAt,
    JsonObject Document,
    IReadOnlyList<EcsTag> Tags);

public sealed record EcsContainerDefinition(
    string Name,
    string Image,
    IReadOnlyList<EcsKeyValuePair> Environment,
    IReadOnlyList<EcsPortMapping> PortMappings);

public sealed record EcsKeyValuePair(string Name, string Value);

public sealed record EcsPortMapping(int ContainerPort, string Protocol = "tcp");

/// <summary>
/// The whole definition to register: <paramref name="TaskDefinition"/> holds RegisterTaskDefinition's input
/// members (family, containerDefinitions, roles, network mode, ...) as JSON, <paramref name="Tags"/> its tags.
/// </summary>
public sealed record RegisterTaskDefinitionRequest(JsonObject TaskDefinition, IReadOnlyList<EcsTag> Tags)
{
    public string Family => TaskDefinition["family"] is JsonValue family && family.TryGetValue<string>(out var name) ? name : string.Empty;
}

public sealed record RegisterTaskDefinitionResponse(EcsTaskDefinition TaskDefinition);

/// <summary>
/// <paramref name="FamilyPrefix"/> is the full family name; <paramref name="Status"/> ACTIVE (ECS's default) or INACTIVE;
/// <paramref name="Sort"/> ASC (ECS's default: oldest revision first) or DESC (newest first).
/// </summary>
public sealed record ListTaskDefinitionsRequest(
    string? FamilyPrefix = null,
    string? Status = null,
    string? Sort = null,
    string? NextToken = null,
    int? MaxResults = null);

public sealed record ListTaskDefinitionsResponse(IReadOnlyList<string> TaskDefinitionArns, string? NextToken);

public sealed record UpdateServiceRequest(
    string Cluster,
    string Service,
    string? TaskDefinition = null,
    int? DesiredCount = null,
    bool ForceNewDeployment = false);

public sealed record UpdateServiceResponse(EcsService Service);

public sealed record ListServiceDeploymentsRequest(
    string Service,
    string? Cluster = null,
    IReadOnlyList<string>? Status = null,
    string? NextToken = null,
    int? MaxResults = null);

public sealed record ListServiceDeploymentsResponse(IReadOnlyList<EcsServiceDeploymentBrief> ServiceDeployments, string? NextToken);

public sealed record EcsServiceDeploymentBrief(
    string ServiceDeploymentArn,
    string ServiceArn,
    string ClusterArn,
    DateTimeOffset? StartedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string TargetServiceRevisionArn,
    string Status,
    string? StatusReason);

public sealed record DescribeServiceDeploymentsRequest(IReadOnlyList<string> ServiceDeploymentArns);

public sealed record DescribeServiceDeploymentsResponse(IReadOnlyList<EcsServiceDeployment> ServiceDeployments, IReadOnlyList<EcsFailure> Failures);

public sealed record EcsServiceDeployment(
    string ServiceDeploymentArn,
    string ServiceArn,
    string ClusterArn,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<EcsServiceRevisionSummary> SourceServiceRevisions,
    EcsServiceRevisionSummary TargetServiceRevision,
    string Status,
    string? StatusReason,
    EcsServiceDeploymentRollback? Rollback,
    EcsServiceDeploymentCircuitBreaker? DeploymentCircuitBreaker);

public sealed record EcsServiceRevisionSummary(string Arn, int RequestedTaskCount, int RunningTaskCount, int PendingTaskCount);

public sealed record EcsServiceDeploymentRollback(string Reason, DateTimeOffset StartedAt, string ServiceRevisionArn);

public sealed record EcsServiceDeploymentCircuitBreaker(string Status, int FailureCount, int Threshold);
