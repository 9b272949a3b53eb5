namespace Portal.Server.Tests.Support;

/// <summary>
/// A clock whose timers (Task.Delay, PeriodicTimer on this provider) fire only when the test moves
/// it, so waits of seconds or minutes take no real time. <see cref="DriveAsync"/> moves it from one
/// timer to the next while some work runs, recording every wait asked for.
/// </summary>
internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<SteppingTimer> _timers = [];
    private readonly List<TimeSpan> _waits = [];
    private DateTimeOffset _now = start;
    private TaskCompletionSource _timerScheduled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Every finite wait a timer was set for, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_gate)
            {
                return [.. _waits];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppingTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        while (true)
        {
            SteppingTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.DueAt!.Value > _now ? due.DueAt.Value : _now;
                due.Fired();
            }

            due.Invoke();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> to its end, moving the clock to each timer as soon as one is set.
    /// <paramref name="beforeEachStep"/> sees the step number (0, 1, ...) before the clock moves.
    /// </summary>
    public async Task<T> DriveAsync<T>(Task<T> work, Action<int>? beforeEachStep = null, int maxSteps = 1000)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        var step = 0;
        while (!work.IsCompleted)
        {
            if (DateTimeOffset.UtcNow > deadline || step > maxSteps)
            {
                throw new TimeoutException($"The work did not finish after {step} clock steps.");
            }

            Task scheduled;
            DateTimeOffset? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is not null).Min(t => t.DueAt);
                scheduled = _timerScheduled.Task;
            }

            if (next is null)
            {
                await Task.WhenAny(work, scheduled, Task.Delay(50));
                continue;
            }

            beforeEachStep?.Invoke(step++);
            Advance(next.Value - GetUtcNow());
        }

        return await work;
    }

    private void Schedule(SteppingTimer timer, TimeSpan dueTime)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = null;
                return;
            }

            _waits.Add(dueTime);
            timer.DueAt = _now + dueTime;
            _timers.Add(timer);
            _timerScheduled.TrySetResult();
            _timerScheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private void Unschedule(SteppingTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            timer.DueAt = null;
        }
    }

    private sealed class SteppingTimer(SteppingClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Schedule(this, dueTime);
            return true;
        }

        /// <summary>Called under the clock's lock: a periodic timer is set again, a one-shot one is done.</summary>
        public void Fired()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                clock._timers.Add(this);
            }
            else
            {
                DueAt = null;
            }
        }

        public void Invoke() => callback(state);

        public void Dispose() => clock.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
