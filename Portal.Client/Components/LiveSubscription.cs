namespace Portal.Client.Components;

/// <summary>
/// What one component listens to: stores that publish changes and the shared <see cref="LiveClock"/>.
/// Each callback runs on the component's renderer (its InvokeAsync), so it may read state and
/// re-render; an exception it throws is handed to the renderer too (DispatchExceptionAsync), so the
/// page's error boundary shows it instead of an unobserved task swallowing it. Disposed with the
/// component: every handler is removed, and a change that arrives while disposing is dropped.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    private readonly Func<Func<Task>, Task> _invokeAsync;
    private readonly Func<Exception, Task> _dispatchExceptionAsync;
    private readonly List<Action> _unsubscribes = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="invokeAsync">The component's InvokeAsync: runs a callback on its renderer.</param>
    /// <param name="dispatchExceptionAsync">The component's DispatchExceptionAsync: fails it as if it threw while rendering.</param>
    public LiveSubscription(Func<Func<Task>, Task> invokeAsync, Func<Exception, Task> dispatchExceptionAsync)
    {
        _invokeAsync = invokeAsync;
        _dispatchExceptionAsync = dispatchExceptionAsync;
    }

    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>Listens to a change that carries nothing (acknowledgements changed, the clock ticked).</summary>
    public LiveSubscription On(Action<Action> subscribe, Action<Action> unsubscribe, Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        ArgumentNullException.ThrowIfNull(unsubscribe);
        ArgumentNullException.ThrowIfNull(callback);
        void Handler() => Dispatch(callback);
        return Add(() => subscribe(Handler), () => unsubscribe(Handler));
    }

    /// <summary>Listens to a change that says what changed (an environment's name, a deployment's id).</summary>
    public LiveSubscription On<T>(Action<Action<T>> subscribe, Action<Action<T>> unsubscribe, Func<T, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(subscribe);
        ArgumentNullException.ThrowIfNull(unsubscribe);
        ArgumentNullException.ThrowIfNull(callback);
        void Handler(T change) => Dispatch(() => callback(change));
        return Add(() => subscribe(Handler), () => unsubscribe(Handler));
    }

    /// <summary>Re-renders the component on every tick of the shared clock, for relative times and staleness.</summary>
    public LiveSubscription OnTick(LiveClock clock, Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return On(h => clock.Ticked += h, h => clock.Ticked -= h, callback);
    }

    public void Dispose()
    {
        List<Action> unsubscribes;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            unsubscribes = [.. _unsubscribes];
            _unsubscribes.Clear();
        }

        foreach (var unsubscribe in unsubscribes)
        {
            unsubscribe();
        }
    }

    private LiveSubscription Add(Action subscribe, Action unsubscribe)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _unsubscribes.Add(unsubscribe);
        }

        subscribe();
        return this;
    }

    // Publishers raise their events on their own threads (a poller, the follower): nothing of the
    // component runs there, and nothing a component throws reaches them.
    private void Dispatch(Func<Task> callback)
    {
        if (!IsDisposed)
        {
            _ = RunAsync(callback);
        }
    }

    private async Task RunAsync(Func<Task> callback)
    {
        try
        {
            await _invokeAsync(async () =>
            {
                if (!IsDisposed)
                {
                    await callback();
                }
            });
        }
        catch (Exception error)
        {
            if (!IsDisposed)
            {
                await _dispatchExceptionAsync(error);
            }
        }
    }
}
