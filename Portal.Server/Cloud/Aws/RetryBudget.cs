namespace Portal.Server.Cloud.Aws;

/// <summary>
/// A shared allowance of retries, as in the AWS SDKs' standard retry mode: each retry spends a
/// token, each success returns one. When AWS is struggling everywhere, the portal stops piling
/// retries on top and fails fast instead.
/// </summary>
public sealed class RetryBudget
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private int _tokens;

    public RetryBudget(int capacity)
    {
        _capacity = capacity;
        _tokens = capacity;
    }

    public bool TrySpend()
    {
        lock (_gate)
        {
            if (_tokens == 0)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    public void Refund()
    {
        lock (_gate)
        {
            _tokens = Math.Min(_capacity, _tokens + 1);
        }
    }
}
