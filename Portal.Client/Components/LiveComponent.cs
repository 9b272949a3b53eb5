using Microsoft.AspNetCore.Components;
using Portal.Shared.Fleet;

namespace Portal.Client.Components;

/// <summary>
/// A page that re-renders when the fleet store publishes a refresh, and on the shared
/// <see cref="LiveClock"/> so relative times ("updated 12 s ago") and staleness stay true without a
/// reload. Both arrive through one <see cref="LiveSubscription"/>, disposed with the page, that runs
/// them on the renderer and hands their errors to it. <see cref="Load"/> reads in-memory views only:
/// a tick costs no database query and no cloud call, however many pages are open.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private LiveSubscription? _live;
    private bool _disposed;

    [Inject]
    protected IFleetView Fleet { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>The page's subscription: add the stores it reads besides the fleet (<c>Live.On(...)</c>).</summary>
    protected LiveSubscription Live => _live ??= new LiveSubscription(InvokeAsync, DispatchExceptionAsync);

    protected override void OnInitialized()
    {
        Live.On<string>(h => Fleet.Changed += h, h => Fleet.Changed -= h, OnFleetChangedAsync);
        if (RendererInfo.IsInteractive)
        {
            Live.OnTick(LiveClock.Of(Time), RefreshAsync);
        }
    }

    /// <summary>Reads what the page shows from the fleet view; called before every render.</summary>
    protected abstract void Load();

    /// <summary>Whether a refresh of this environment should re-render the page.</summary>
    protected virtual bool Watches(string environment) => true;

    protected override void OnParametersSet() => Load();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _live?.Dispose();
    }

    private Task OnFleetChangedAsync(string environment) => Watches(environment) ? RefreshAsync() : Task.CompletedTask;

    private Task RefreshAsync()
    {
        Load();
        StateHasChanged();
        return Task.CompletedTask;
    }
}
