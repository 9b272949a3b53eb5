using Microsoft.AspNetCore.Components;
using Portal.Shared.Fleet;

namespace Portal.Client.Components;

/// <summary>
/// A page that re-renders when the fleet store publishes a refresh, and every few seconds so
/// relative times ("updated 12 s ago") and staleness stay true without a reload.
/// </summary>
public abstract class LiveComponent : ComponentBase, IDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(5);
    private ITimer? _ticker;
    private bool _disposed;

    [Inject]
    protected IFleetView Fleet { get; set; } = default!;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    protected DateTimeOffset Now => Time.GetUtcNow();

    protected override void OnInitialized()
    {
        Fleet.Changed += OnFleetChanged;
        if (RendererInfo.IsInteractive)
        {
            _ticker = Time.CreateTimer(_ => Refresh(), null, TickInterval, TickInterval);
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
        Fleet.Changed -= OnFleetChanged;
        _ticker?.Dispose();
    }

    private void OnFleetChanged(string environment)
    {
        if (Watches(environment))
        {
            Refresh();
        }
    }

    private void Refresh()
    {
        if (!_disposed)
        {
            _ = InvokeAsync(() =>
            {
                Load();
                StateHasChanged();
            });
        }
    }
}
