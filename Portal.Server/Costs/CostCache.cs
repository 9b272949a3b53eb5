namespace Portal.Server.Costs;

/// <summary>
/// The cost cache in memory: the database's last answers, loaded once and replaced after each
/// refresh, so a page view reads neither Cost Explorer nor, after the first, the database.
/// </summary>
public sealed class CostCache(CostStore store)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private CostSnapshot? _current;

    /// <summary>Raised after new answers are in (on the refreshing thread).</summary>
    public event Action? Changed;

    public async Task<CostSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } current)
        {
            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            return _current ??= await store.LoadAsync(cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Reads the database again: another instance may have refreshed, or this one just did.</summary>
    public async Task<CostSnapshot> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await store.LoadAsync(cancellationToken);
        var changed = _current?.RefreshedAt != snapshot.RefreshedAt || _current?.LastAttemptAt != snapshot.LastAttemptAt;
        _current = snapshot;
        if (changed)
        {
            Changed?.Invoke();
        }

        return snapshot;
    }
}
