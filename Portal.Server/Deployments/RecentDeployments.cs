using System.Collections.Concurrent;
using Portal.Server.Persistence;

namespace Portal.Server.Deployments;

/// <summary>
/// The ledger's recent part in memory, for pages that read it while open: every service's newest
/// deployment and everything asked for in the last <see cref="Window"/>. Loaded once; then each
/// time the deploy engine or the follower says a deployment moved (<see cref="DeploymentEvents"/>)
/// that one row is read again, once for everybody, and the pages told. A triage page or a
/// deployment followed by fifty tabs costs what it costs for one. Another instance's deployments
/// arrive through <see cref="ReloadAsync"/>, called when that instance says they changed.
/// </summary>
public sealed class RecentDeployments : IDisposable
{
    /// <summary>Longer than any sparkline the triage page draws deploy markers on.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(1);

    private readonly DeploymentLedger _ledger;
    private readonly DeploymentEvents _events;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _changing = new(1, 1);
    private readonly ConcurrentDictionary<Guid, Task<Deployment?>> _reading = new();
    private volatile IReadOnlyDictionary<Guid, Deployment>? _byId;

    public RecentDeployments(DeploymentLedger ledger, DeploymentEvents events, TimeProvider time)
    {
        _ledger = ledger;
        _events = events;
        _time = time;
        _events.Changed += OnDeploymentChanged;
    }

    /// <summary>Raised with the deployment's id once its new state is here, so readers see it.</summary>
    public event Action<Guid>? Changed;

    /// <summary>
    /// The deployment as last recorded: the read after its last change (awaited if under way), else
    /// the ledger's row. Every tab following a deployment asks this on each of its moves: one read.
    /// </summary>
    public async Task<Deployment?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (_reading.TryGetValue(id, out var reading))
        {
            return await reading.WaitAsync(cancellationToken);
        }

        var byId = await LoadedAsync(cancellationToken);
        return byId.TryGetValue(id, out var known) ? known : await _ledger.FindAsync(id, cancellationToken);
    }

    /// <summary>
    /// For each service, its deployments asked for since <paramref name="since"/> and its newest one
    /// however old, newest first; services never deployed are missing. As
    /// <see cref="DeploymentLedger.RecentOfServicesAsync"/> answers, without a query once loaded.
    /// </summary>
    public async Task<IReadOnlyDictionary<ServiceKey, IReadOnlyList<Deployment>>> OfServicesAsync(
        IReadOnlyCollection<ServiceKey> services, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var byId = await LoadedAsync(cancellationToken);
        var wanted = services.ToHashSet();
        return byId.Values
            .Select(d => (Key: new ServiceKey(d.Environment, d.Cluster, d.Service), Deployment: d))
            .Where(d => wanted.Contains(d.Key))
            .GroupBy(d => d.Key, d => d.Deployment)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<Deployment>)g.OrderByDescending(d => d.RequestedAt).Where((d, i) => i == 0 || d.RequestedAt >= since).ToList());
    }

    /// <summary>Reads the recent ledger again: another instance deployed, or this one's view is in doubt.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(cancellationToken);
        try
        {
            _byId = await ReadRecentAsync(cancellationToken);
        }
        finally
        {
            _changing.Release();
        }

        Changed?.Invoke(Guid.Empty);
    }

    public void Dispose()
    {
        _events.Changed -= OnDeploymentChanged;
        _changing.Dispose();
    }

    private async Task<IReadOnlyDictionary<Guid, Deployment>> LoadedAsync(CancellationToken cancellationToken)
    {
        if (_byId is { } loaded)
        {
            return loaded;
        }

        await _changing.WaitAsync(cancellationToken);
        try
        {
            // Many first readers at once: one loads, the others find it loaded.
            return _byId ??= await ReadRecentAsync(cancellationToken);
        }
        finally
        {
            _changing.Release();
        }
    }

    private async Task<IReadOnlyDictionary<Guid, Deployment>> ReadRecentAsync(CancellationToken cancellationToken) =>
        (await _ledger.RecentAsync(_time.GetUtcNow() - Window, cancellationToken)).ToDictionary(d => d.Id);

    // Raised on the engine's own path: the read runs beside it, never in its way.
    private void OnDeploymentChanged(Guid id)
    {
        var read = ReadOneAsync(id);
        _reading[id] = read;
        _ = FoldAsync(id, read);
    }

    private async Task<Deployment?> ReadOneAsync(Guid id)
    {
        await Task.Yield();
        return await _ledger.FindAsync(id, CancellationToken.None);
    }

    private async Task FoldAsync(Guid id, Task<Deployment?> read)
    {
        Deployment? deployment;
        try
        {
            deployment = await read;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The database failed for a moment: forget the view, the next reader loads it again.
            _byId = null;
            _reading.TryRemove(new KeyValuePair<Guid, Task<Deployment?>>(id, read));
            Changed?.Invoke(id);
            return;
        }

        await _changing.WaitAsync();
        try
        {
            if (_byId is { } byId)
            {
                _byId = With(byId, id, deployment);
            }
        }
        finally
        {
            _changing.Release();
        }

        _reading.TryRemove(new KeyValuePair<Guid, Task<Deployment?>>(id, read));
        Changed?.Invoke(id);
    }

    /// <summary>A new dictionary with the deployment's new state (or without it, forgotten), and old ones beyond the window dropped.</summary>
    private Dictionary<Guid, Deployment> With(IReadOnlyDictionary<Guid, Deployment> byId, Guid id, Deployment? deployment)
    {
        var next = new Dictionary<Guid, Deployment>(byId);
        if (deployment is null)
        {
            next.Remove(id);
        }
        else if (!next.TryGetValue(id, out var known) || known.Version <= deployment.Version)
        {
            next[id] = deployment;
        }

        var since = _time.GetUtcNow() - Window;
        var newest = next.Values
            .GroupBy(d => (d.Environment, d.Cluster, d.Service))
            .Select(g => g.MaxBy(d => d.RequestedAt)!.Id)
            .ToHashSet();
        foreach (var old in next.Values.Where(d => d.RequestedAt < since && !newest.Contains(d.Id)).Select(d => d.Id).ToList())
        {
            next.Remove(old);
        }

        return next;
    }
}
