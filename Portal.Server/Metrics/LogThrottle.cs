namespace Portal.Server.Metrics;

/// <summary>Lets a repeated warning through at most once per interval, so a lost agent does not flood the log.</summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private DateTimeOffset? _last;

    public bool Allow()
    {
        var now = time.GetUtcNow();
        if (_last is { } last && now - last < interval)
        {
            return false;
        }

        _last = now;
        return true;
    }
}
