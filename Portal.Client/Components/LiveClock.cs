using System.Runtime.CompilerServices;

namespace Portal.Client.Components;

/// <summary>
/// The one clock every open page re-renders on, so relative times ("12 s ago"), staleness and
/// "below desired for 4 min" stay true between refreshes. One timer per time source however many
/// pages are open, running only while someone listens; a tick reads nothing (no database, no
/// cloud): pages re-read the in-memory fleet and triage views (ADR 014).
/// </summary>
public sealed class LiveClock
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(5);

    // Keyed by the time source rather than registered as a service: every page already injects
    // TimeProvider, so no host or test has to know about the clock for pages to work.
    private static readonly ConditionalWeakTable<TimeProvider, LiveClock> Clocks = [];

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Action? _ticked;

    private LiveClock(TimeProvider time) => _time = time;

    /// <summary>Raised every <see cref="TickInterval"/> while anyone listens.</summary>
    public event Action Ticked
    {
        add
        {
            lock (_gate)
            {
                _ticked += value;
                _timer ??= _time.CreateTimer(_ => Tick(), null, TickInterval, TickInterval);
            }
        }

        remove
        {
            lock (_gate)
            {
                _ticked -= value;
                if (_ticked is null)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
            }
        }
    }

    /// <summary>How many listen now: one per open page, never one timer each.</summary>
    public int Listeners
    {
        get
        {
            lock (_gate)
            {
                return _ticked?.GetInvocationList().Length ?? 0;
            }
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null;
            }
        }
    }

    public static LiveClock Of(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Clocks.GetValue(time, t => new LiveClock(t));
    }

    private void Tick()
    {
        Action? ticked;
        lock (_gate)
        {
            ticked = _ticked;
        }

        ticked?.Invoke();
    }
}
