using System.Collections.Concurrent;
using System.Globalization;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Tests.History;

/// <summary>
/// ECS's service deployments held in lists, newest first: pages as small as a test likes, every call
/// counted by service, and a failure on demand. Only the two service deployment reads are answered.
/// </summary>
internal sealed class ScriptedServiceDeployments : IEcs
{
    public const string Account = "536492031845";
    public const string Cluster = "prod-api";

    private readonly ConcurrentDictionary<string, List<EcsServiceDeployment>> _byService = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Operation, string Service)> _calls = new();
    private readonly ConcurrentQueue<int> _describeSizes = new();

    /// <summary>The most a ListServiceDeployments page holds, however many the caller asks for.</summary>
    public int PageSize { get; set; } = EcsLimits.ListServiceDeploymentsMax;

    /// <summary>(operation, service) → the exception the call fails with, or null to answer.</summary>
    public Func<string, string, CloudException?>? Failure { get; set; }

    public IReadOnlyList<(string Operation, string Service)> Calls => [.. _calls];

    public IReadOnlyList<int> DescribeSizes => [.. _describeSizes];

    public int CallsFor(string operation, string service) => Calls.Count(c => c.Operation == operation && c.Service == service);

    public static string Arn(string service, int number) =>
        $"arn:aws:ecs:eu-west-1:{Account}:service-deployment/{Cluster}/{service}/sd{number.ToString("D6", CultureInfo.InvariantCulture)}";

    public static string RevisionArn(string service, int number) =>
        $"arn:aws:ecs:eu-west-1:{Account}:service-revision/{Cluster}/{service}/{number.ToString("D19", CultureInfo.InvariantCulture)}";

    /// <summary>A service deployment that ended as <paramref name="status"/> four minutes after it began, or is still running.</summary>
    public static EcsServiceDeployment Deployment(
        string service, int number, DateTimeOffset createdAt, string status = "SUCCESSFUL", string? statusReason = null, EcsServiceDeploymentRollback? rollback = null) => new(
        Arn(service, number),
        $"arn:aws:ecs:eu-west-1:{Account}:service/{Cluster}/{service}",
        $"arn:aws:ecs:eu-west-1:{Account}:cluster/{Cluster}",
        createdAt,
        createdAt,
        status is "PENDING" or "IN_PROGRESS" or "ROLLBACK_IN_PROGRESS" ? null : createdAt.AddMinutes(4),
        number == 0 ? [] : [new EcsServiceRevisionSummary(RevisionArn(service, number - 1), 0, 0, 0)],
        new EcsServiceRevisionSummary(RevisionArn(service, number), 2, 2, 0),
        status,
        statusReason,
        rollback,
        null);

    /// <summary>Adds a service deployment as the newest of its service.</summary>
    public void Add(string service, EcsServiceDeployment deployment)
    {
        var list = _byService.GetOrAdd(service, _ => []);
        lock (list)
        {
            list.Insert(0, deployment);
        }
    }

    /// <summary>ECS's view of one service deployment changes (its status moves on).</summary>
    public void Change(string service, string arn, Func<EcsServiceDeployment, EcsServiceDeployment> change)
    {
        var list = _byService[service];
        lock (list)
        {
            var index = list.FindIndex(d => d.ServiceDeploymentArn == arn);
            list[index] = change(list[index]);
        }
    }

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        _calls.Enqueue(("ListServiceDeployments", request.Service));
        if (Failure?.Invoke("ListServiceDeployments", request.Service) is { } failure)
        {
            return Task.FromException<ListServiceDeploymentsResponse>(failure);
        }

        if (request.MaxResults is > EcsLimits.ListServiceDeploymentsMax or < 1)
        {
            throw new CloudValidationException("ecs", "ListServiceDeployments", "maxResults must be between 1 and 100.");
        }

        var all = Snapshot(request.Service);
        var offset = request.NextToken is null ? 0 : int.Parse(request.NextToken, CultureInfo.InvariantCulture);
        var size = Math.Min(request.MaxResults ?? PageSize, PageSize);
        var page = all.Skip(offset).Take(size).Select(d => new EcsServiceDeploymentBrief(
            d.ServiceDeploymentArn, d.ServiceArn, d.ClusterArn, d.StartedAt, d.CreatedAt, d.FinishedAt, d.TargetServiceRevision.Arn, d.Status, d.StatusReason)).ToList();
        var next = offset + size < all.Count ? (offset + size).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new ListServiceDeploymentsResponse(page, next));
    }

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken)
    {
        if (request.ServiceDeploymentArns.Count is 0 or > EcsLimits.DescribeServiceDeploymentsMax)
        {
            throw new CloudValidationException("ecs", "DescribeServiceDeployments", "serviceDeploymentArns can have at most 20 items and must not be empty.");
        }

        var service = request.ServiceDeploymentArns[0].Split('/')[^2];
        _calls.Enqueue(("DescribeServiceDeployments", service));
        _describeSizes.Enqueue(request.ServiceDeploymentArns.Count);
        if (Failure?.Invoke("DescribeServiceDeployments", service) is { } failure)
        {
            return Task.FromException<DescribeServiceDeploymentsResponse>(failure);
        }

        var all = _byService.Keys.SelectMany(Snapshot).ToDictionary(d => d.ServiceDeploymentArn, StringComparer.Ordinal);
        var found = request.ServiceDeploymentArns.Where(all.ContainsKey).Select(arn => all[arn]).ToList();
        var failures = request.ServiceDeploymentArns.Where(arn => !all.ContainsKey(arn)).Select(arn => new EcsFailure(arn, "MISSING", null)).ToList();
        return Task.FromResult(new DescribeServiceDeploymentsResponse(found, failures));
    }

    public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ListTasksResponse([], null));

    public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new DescribeTasksResponse([], []));

    private List<EcsServiceDeployment> Snapshot(string service)
    {
        if (!_byService.TryGetValue(service, out var list))
        {
            return [];
        }

        lock (list)
        {
            return [.. list];
        }
    }
}
