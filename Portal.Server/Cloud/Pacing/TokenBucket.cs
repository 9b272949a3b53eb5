namespace Portal.Server.Cloud.Pacing;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: it holds at most <see cref="Capacity"/> tokens and gains
/// <see cref="RefillPerSecond"/> a second, continuously. AWS's side refuses a call that finds it empty
/// (<see cref="TryTake"/>); the portal's side books the next token and waits for it (<see cref="Reserve"/>).
/// Thread-safe.
/// </summary>
/// <remarks>
/// Booking lets the balance go below zero: each booking is one token owed, so concurrent callers queue in
/// the order they booked and none waits longer than the refill rate requires.
/// </remarks>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _at;

    /// <summary>Starts full, as AWS's buckets are for an account that has been quiet.</summary>
    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refillPerSecond);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _time = time;
        _tokens = capacity;
        _at = time.GetUtcNow();
    }

    public double Capacity { get; }

    public double RefillPerSecond { get; private set; }

    /// <summary>Tokens there now; below zero when bookings are waiting for tokens not yet refilled.</summary>
    public double Tokens
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    /// <summary>Takes one token if there is one now.</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    /// <summary>Books the next token: how long from now until it is the caller's (zero when there is one now).</summary>
    public TimeSpan Reserve()
    {
        lock (_gate)
        {
            Refill();
            _tokens--;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / RefillPerSecond);
        }
    }

    /// <summary>Forgets the tokens the bucket believed it had (the real bucket proved emptier); bookings already made stay owed.</summary>
    public void Empty()
    {
        lock (_gate)
        {
            Refill();
            _tokens = Math.Min(_tokens, 0);
        }
    }

    /// <summary>Refills at a new rate from now on.</summary>
    public void ChangeRate(double refillPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(refillPerSecond);
        lock (_gate)
        {
            Refill();
            RefillPerSecond = refillPerSecond;
        }
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        var elapsed = (now - _at).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * RefillPerSecond));
        }

        _at = now;
    }
}
