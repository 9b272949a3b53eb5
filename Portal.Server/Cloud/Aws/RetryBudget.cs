namespace Portal.Server.Cloud.Aws;

/// <summary>
/// A shared allowance of retries, the retry quota of the AWS SDKs' standard retry mode: a retry
/// spends <see cref="RetryCost"/> (a retry after a timeout or a broken connection spends
/// <see cref="TimeoutRetryCost"/>, as those hurt most), and a success gives back what its retry
/// spent, or <see cref="NoRetryIncrement"/> when it needed none. When AWS is struggling everywhere
/// the allowance runs dry and the portal fails fast instead of piling retries on top.
/// </summary>
public sealed class RetryBudget
{
    public const int RetryCost = 5;

    public const int TimeoutRetryCost = 10;

    public const int NoRetryIncrement = 1;

    private readonly Lock _gate = new();
    private readonly int _capacity;
    private int _available;

    public RetryBudget(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _available = capacity;
    }

    /// <summary>What is left to spend.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _available;
            }
        }
    }

    /// <summary>Takes <paramref name="cost"/> for one retry; false, and nothing taken, when not that much is left.</summary>
    public bool TrySpend(int cost)
    {
        lock (_gate)
        {
            if (_available < cost)
            {
                return false;
            }

            _available -= cost;
            return true;
        }
    }

    /// <summary>A call succeeded: gives back what its last retry spent, or <see cref="NoRetryIncrement"/> when it needed no retry.</summary>
    public void Refund(int spentOnLastRetry)
    {
        lock (_gate)
        {
            _available = Math.Min(_capacity, _available + (spentOnLastRetry > 0 ? spentOnLastRetry : NoRetryIncrement));
        }
    }
}
