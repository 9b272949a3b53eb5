using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;
using static Portal.Server.Cloud.Aws.AwsJson;

namespace Portal.Server.Cloud.Aws;

/// <summary>Amazon ECS over its JSON 1.1 protocol: request members and response shapes as in the ECS service model.</summary>
public sealed class AwsEcs(AwsJsonClient client) : IEcs
{
    private static readonly AwsJsonService Service = AwsJsonService.Ecs;

    public async Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject().With("nextToken", request.NextToken).With("maxResults", request.MaxResults);
        var response = await client.CallAsync(Service, "ListClusters", caller, body, cancellationToken);
        return new ListClustersResponse(Strings(response, "clusterArns"), String(response, "nextToken"));
    }

    public async Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["clusters"] = Array(request.Clusters) };
        var response = await client.CallAsync(Service, "DescribeClusters", caller, body, cancellationToken);
        var clusters = List(response, "clusters").Select(c => new EcsCluster(
            RequiredString(c, "clusterArn"),
            RequiredString(c, "clusterName"),
            RequiredString(c, "status"),
            Int(c, "runningTasksCount"),
            Int(c, "pendingTasksCount"),
            Int(c, "activeServicesCount"))).ToList();
        return new DescribeClustersResponse(clusters, Failures(response));
    }

    public async Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["cluster"] = request.Cluster }.With("nextToken", request.NextToken).With("maxResults", request.MaxResults);
        var response = await client.CallAsync(Service, "ListServices", caller, body, cancellationToken);
        return new ListServicesResponse(Strings(response, "serviceArns"), String(response, "nextToken"));
    }

    public async Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken)
    {
        if (request.Services.Count is 0 or > EcsLimits.DescribeServicesMax)
        {
            throw new CloudValidationException(Service.Name, "DescribeServices", "DescribeServices takes between 1 and 10 services per call.");
        }

        var body = new JsonObject { ["cluster"] = request.Cluster, ["services"] = Array(request.Services) }
            .With("include", request.IncludeTags ? Array(["TAGS"]) : null);
        var response = await client.CallAsync(Service, "DescribeServices", caller, body, cancellationToken);
        return new DescribeServicesResponse(List(response, "services").Select(ToService).ToList(), Failures(response));
    }

    public async Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["taskDefinition"] = request.TaskDefinition }
            .With("include", request.IncludeTags ? Array(["TAGS"]) : null);
        var response = await client.CallAsync(Service, "DescribeTaskDefinition", caller, body, cancellationToken);
        return new DescribeTaskDefinitionResponse(EcsTaskDefinitionReader.Read(response["taskDefinition"], response["tags"]));
    }

    public async Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject()
            .With("familyPrefix", request.FamilyPrefix)
            .With("status", request.Status)
            .With("sort", request.Sort)
            .With("nextToken", request.NextToken)
            .With("maxResults", request.MaxResults);
        var response = await client.CallAsync(Service, "ListTaskDefinitions", caller, body, cancellationToken);
        return new ListTaskDefinitionsResponse(Strings(response, "taskDefinitionArns"), String(response, "nextToken"));
    }

    public async Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["service"] = request.Service }
            .With("cluster", request.Cluster)
            .With("status", request.Status is { Count: > 0 } status ? Array(status) : null)
            .With("nextToken", request.NextToken)
            .With("maxResults", request.MaxResults);
        var response = await client.CallAsync(Service, "ListServiceDeployments", caller, body, cancellationToken);
        var deployments = List(response, "serviceDeployments").Select(d => new EcsServiceDeploymentBrief(
            RequiredString(d, "serviceDeploymentArn"),
            RequiredString(d, "serviceArn"),
            RequiredString(d, "clusterArn"),
            Time(d, "startedAt"),
            Time(d, "createdAt") ?? DateTimeOffset.MinValue,
            Time(d, "finishedAt"),
            RequiredString(d, "targetServiceRevisionArn"),
            RequiredString(d, "status"),
            String(d, "statusReason"))).ToList();
        return new ListServiceDeploymentsResponse(deployments, String(response, "nextToken"));
    }

    public async Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["serviceDeploymentArns"] = Array(request.ServiceDeploymentArns) };
        var response = await client.CallAsync(Service, "DescribeServiceDeployments", caller, body, cancellationToken);
        var deployments = List(response, "serviceDeployments").Select(d => new EcsServiceDeployment(
            RequiredString(d, "serviceDeploymentArn"),
            RequiredString(d, "serviceArn"),
            RequiredString(d, "clusterArn"),
            Time(d, "createdAt") ?? DateTimeOffset.MinValue,
            Time(d, "startedAt"),
            Time(d, "finishedAt"),
            List(d, "sourceServiceRevisions").Select(ToRevision).ToList(),
            ToRevision(d["targetServiceRevision"]),
            RequiredString(d, "status"),
            String(d, "statusReason"),
            d["rollback"] is { } rollback
                ? new EcsServiceDeploymentRollback(RequiredString(rollback, "reason"), Time(rollback, "startedAt") ?? DateTimeOffset.MinValue, RequiredString(rollback, "serviceRevisionArn"))
                : null,
            d["deploymentCircuitBreaker"] is { } breaker
                ? new EcsServiceDeploymentCircuitBreaker(RequiredString(breaker, "status"), Int(breaker, "failureCount"), Int(breaker, "threshold"))
                : null)).ToList();
        return new DescribeServiceDeploymentsResponse(deployments, Failures(response));
    }

    /// <summary>Sends the definition as it is given, every member of it, with its tags when it has any.</summary>
    public async Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        var body = request.TaskDefinition.DeepClone().AsObject()
            .With("tags", request.Tags.Count > 0 ? ToTags(request.Tags) : null);
        var response = await client.CallAsync(Service, "RegisterTaskDefinition", caller, body, cancellationToken);
        return new RegisterTaskDefinitionResponse(EcsTaskDefinitionReader.Read(response["taskDefinition"], response["tags"]));
    }

    public async Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["cluster"] = request.Cluster, ["service"] = request.Service }
            .With("taskDefinition", request.TaskDefinition)
            .With("desiredCount", request.DesiredCount)
            .With("forceNewDeployment", request.ForceNewDeployment ? true : null);
        var response = await client.CallAsync(Service, "UpdateService", caller, body, cancellationToken);
        return new UpdateServiceResponse(ToService(response["service"]!));
    }

    public async Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["cluster"] = request.Cluster }
            .With("serviceName", request.ServiceName)
            .With("desiredStatus", request.DesiredStatus)
            .With("nextToken", request.NextToken)
            .With("maxResults", request.MaxResults);
        var response = await client.CallAsync(Service, "ListTasks", caller, body, cancellationToken);
        return new ListTasksResponse(Strings(response, "taskArns"), String(response, "nextToken"));
    }

    public async Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken)
    {
        if (request.Tasks.Count is 0 or > EcsLimits.DescribeTasksMax)
        {
            throw new CloudValidationException(Service.Name, "DescribeTasks", "DescribeTasks takes between 1 and 100 tasks per call.");
        }

        var body = new JsonObject { ["cluster"] = request.Cluster, ["tasks"] = Array(request.Tasks) };
        var response = await client.CallAsync(Service, "DescribeTasks", caller, body, cancellationToken);
        return new DescribeTasksResponse(List(response, "tasks").Select(ToTask).ToList(), Failures(response));
    }

    private static EcsTask ToTask(JsonNode task) => new(
        RequiredString(task, "taskArn"),
        RequiredString(task, "taskDefinitionArn"),
        String(task, "group"),
        RequiredString(task, "lastStatus"),
        RequiredString(task, "desiredStatus"),
        String(task, "healthStatus"),
        String(task, "launchType"),
        String(task, "availabilityZone"),
        Time(task, "createdAt"),
        Time(task, "startedAt"),
        Time(task, "stoppingAt"),
        Time(task, "stoppedAt"),
        String(task, "stopCode"),
        String(task, "stoppedReason"),
        List(task, "containers").Select(c => new EcsContainer(
            RequiredString(c, "name"),
            String(c, "lastStatus"),
            c["exitCode"] is JsonValue ? Int(c, "exitCode") : null,
            String(c, "reason"),
            String(c, "healthStatus"))).ToList());

    private static List<EcsFailure> Failures(JsonNode response) =>
        List(response, "failures").Select(f => new EcsFailure(RequiredString(f, "arn"), RequiredString(f, "reason"), String(f, "detail"))).ToList();

    private static EcsService ToService(JsonNode service) => new(
        RequiredString(service, "serviceArn"),
        RequiredString(service, "serviceName"),
        RequiredString(service, "clusterArn"),
        RequiredString(service, "status"),
        Int(service, "desiredCount"),
        Int(service, "runningCount"),
        Int(service, "pendingCount"),
        RequiredString(service, "taskDefinition"),
        List(service, "deployments").Select(d => new EcsDeployment(
            RequiredString(d, "id"),
            RequiredString(d, "status"),
            RequiredString(d, "taskDefinition"),
            Int(d, "desiredCount"),
            Int(d, "pendingCount"),
            Int(d, "runningCount"),
            Int(d, "failedTasks"),
            Time(d, "createdAt") ?? DateTimeOffset.MinValue,
            Time(d, "updatedAt") ?? DateTimeOffset.MinValue,
            String(d, "rolloutState"),
            String(d, "rolloutStateReason"))).ToList(),
        List(service, "events").Select(e => new EcsServiceEvent(RequiredString(e, "id"), Time(e, "createdAt") ?? DateTimeOffset.MinValue, RequiredString(e, "message"))).ToList(),
        List(service, "tags").Select(t => new EcsTag(RequiredString(t, "key"), RequiredString(t, "value"))).ToList(),
        Time(service, "createdAt") ?? DateTimeOffset.MinValue)
    {
        LoadBalancers = List(service, "loadBalancers").Select(l => new EcsLoadBalancer(
            String(l, "targetGroupArn"), String(l, "loadBalancerName"), String(l, "containerName"), l["containerPort"] is null ? null : Int(l, "containerPort"))).ToList(),
    };

    private static JsonArray ToTags(IEnumerable<EcsTag> tags) =>
        new(tags.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray());

    private static EcsServiceRevisionSummary ToRevision(JsonNode? revision) => new(
        RequiredString(revision, "arn"),
        Int(revision, "requestedTaskCount"),
        Int(revision, "runningTaskCount"),
        Int(revision, "pendingTaskCount"));
}
