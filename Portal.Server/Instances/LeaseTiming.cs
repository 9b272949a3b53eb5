using Portal.Server.Fleet;

namespace Portal.Server.Instances;

/// <summary>
/// The lease's clock, derived from the poll interval so that another instance takes over within
/// two intervals. A holder renews every half interval. PostgreSQL ends a session that stayed
/// silent for <see cref="ServerTimeout"/> (one and a half intervals), which frees the locks of a
/// holder that hangs rather than dies; the holder itself stops trusting its lease earlier
/// (<see cref="TrustFor"/>), so the two never both act on it.
/// </summary>
public sealed record LeaseTiming(TimeSpan RenewEvery, TimeSpan TrustFor, TimeSpan ServerTimeout)
{
    private static readonly TimeSpan ShortestRenewal = TimeSpan.FromMilliseconds(200);

    public static LeaseTiming For(PollingOptions polling)
    {
        ArgumentNullException.ThrowIfNull(polling);
        var renewEvery = polling.Interval / 2 < ShortestRenewal ? ShortestRenewal : polling.Interval / 2;
        return new LeaseTiming(renewEvery, renewEvery * 2.5, renewEvery * 3);
    }
}
