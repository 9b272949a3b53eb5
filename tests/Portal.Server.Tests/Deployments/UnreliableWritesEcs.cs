using System.Collections.Concurrent;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Tests.Deployments;

/// <summary>
/// Passes ECS calls through, with the write faults of a real network for the services a test
/// names: an UpdateService answer lost after ECS carried it out, a request lost before it arrived,
/// a RegisterTaskDefinition never answered, reads of the service refused, writes held until the
/// test lets them go. Counts every UpdateService per service.
/// </summary>
internal sealed class UnreliableWritesEcs(IEcs inner) : IEcs
{
    private readonly ConcurrentDictionary<string, WriteFaults> _faults = new();
    private readonly ConcurrentDictionary<string, int> _updates = new();

    /// <summary>The faults of one service (by name), or of one task definition family for RegisterTaskDefinition.</summary>
    public WriteFaults For(string serviceOrFamily) => _faults.GetOrAdd(serviceOrFamily, _ => new WriteFaults());

    public int UpdatesOf(string service) => _updates.GetValueOrDefault(service);

    public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) =>
        inner.ListClustersAsync(caller, request, cancellationToken);

    public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) =>
        inner.DescribeClustersAsync(caller, request, cancellationToken);

    public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) =>
        inner.ListServicesAsync(caller, request, cancellationToken);

    public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken)
    {
        // Only reads of that one service (the deploy engine's), not the poller's batches.
        return request.Services is [var name] && _faults.TryGetValue(name, out var faults) && faults.ReadsRefused
            ? Task.FromException<DescribeServicesResponse>(new CloudUnavailableException("ecs", "DescribeServices", "Connection reset by peer."))
            : inner.DescribeServicesAsync(caller, request, cancellationToken);
    }

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
        inner.DescribeTaskDefinitionAsync(caller, request, cancellationToken);

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) =>
        inner.ListTaskDefinitionsAsync(caller, request, cancellationToken);

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        inner.ListServiceDeploymentsAsync(caller, request, cancellationToken);

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
        inner.DescribeServiceDeploymentsAsync(caller, request, cancellationToken);

    public async Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken)
    {
        if (_faults.TryGetValue(request.Family, out var faults))
        {
            await faults.PassHoldAsync();
            if (faults.TakeRegisterUnanswered())
            {
                throw Unanswered("RegisterTaskDefinition");
            }

            if (faults.TakeRegisterRefused())
            {
                throw new CloudAccessDeniedException("ecs", "RegisterTaskDefinition", "User is not authorized to perform: ecs:RegisterTaskDefinition");
            }
        }

        return await inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken);
    }

    public async Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        _updates.AddOrUpdate(request.Service, 1, (_, count) => count + 1);
        if (!_faults.TryGetValue(request.Service, out var faults))
        {
            return await inner.UpdateServiceAsync(caller, request, cancellationToken);
        }

        await faults.PassHoldAsync();
        if (faults.TakeRequestLost())
        {
            throw Unanswered("UpdateService");
        }

        var answer = await inner.UpdateServiceAsync(caller, request, cancellationToken);
        return faults.TakeAnswerLost() ? throw Unanswered("UpdateService") : answer;
    }

    private static CloudOutcomeUnknownException Unanswered(string operation) =>
        new("ecs", operation, "The request timed out after 10 s; AWS may or may not have carried it out.");

    public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
        inner.ListTasksAsync(caller, request, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
        inner.DescribeTasksAsync(caller, request, cancellationToken);
}

/// <summary>What goes wrong for one service; each lost request or answer happens once.</summary>
internal sealed class WriteFaults
{
    private int _requestsLost;
    private int _answersLost;
    private int _registersUnanswered;
    private int _registersRefused;
    private TaskCompletionSource? _hold;

    /// <summary>Set when a held write has arrived and waits to be let go.</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>DescribeServices of the service fails as if ECS could not be reached.</summary>
    public bool ReadsRefused { get; set; }

    /// <summary>The next UpdateService never reaches ECS and its answer never comes.</summary>
    public void LoseNextRequest() => Interlocked.Increment(ref _requestsLost);

    /// <summary>ECS carries out the next UpdateService but its answer never comes.</summary>
    public void LoseNextAnswer() => Interlocked.Increment(ref _answersLost);

    /// <summary>The next RegisterTaskDefinition of the family is never answered.</summary>
    public void LeaveNextRegisterUnanswered() => Interlocked.Increment(ref _registersUnanswered);

    /// <summary>The next RegisterTaskDefinition of the family is refused: access denied.</summary>
    public void RefuseNextRegister() => Interlocked.Increment(ref _registersRefused);

    /// <summary>Writes wait until <see cref="Release"/>, as when AWS takes 20 s to answer.</summary>
    public void HoldWrites() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _hold?.TrySetResult();

    internal async Task PassHoldAsync()
    {
        if (_hold is { } hold)
        {
            Arrived.TrySetResult();
            await hold.Task;
        }
    }

    internal bool TakeRequestLost() => Take(ref _requestsLost);

    internal bool TakeAnswerLost() => Take(ref _answersLost);

    internal bool TakeRegisterUnanswered() => Take(ref _registersUnanswered);

    internal bool TakeRegisterRefused() => Take(ref _registersRefused);

    private static bool Take(ref int count)
    {
        while (true)
        {
            var current = Volatile.Read(ref count);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref count, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
