using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Pacing;

namespace Portal.Server.Fleet;

/// <summary>
/// The poller's own token buckets, one per account, region and AWS action family, each holding and refilling
/// <see cref="PollingOptions.AwsShare"/> of what AWS's bucket does. Every read of the poller books a token and
/// waits for it, so a refresh runs as fast as AWS allows and leaves the rest of the account's rate to the
/// console, Terraform, CI and the portal's other readers. When AWS throttles anyway (others took more than
/// their part), the family's bucket is emptied and its rate halved, then regained call by call, and the call
/// is tried again, at most <see cref="PollingOptions.ThrottleRetries"/> times.
/// </summary>
/// <remarks>Shared by every environment's refresh: environments in one account and region share AWS's buckets too.</remarks>
public sealed partial class ReadPace(TimeProvider time, IOptions<PollingOptions> options, ILogger<ReadPace> logger)
{
    /// <summary>The slowest a family is slowed to after throttles in a row, as a part of its paced rate.</summary>
    public const double SlowestFactor = 1.0 / 16;

    private readonly ConcurrentDictionary<(string Account, string Region, AwsRateFamily Family), Lane> _lanes = new();
    private long _throttles;
    private bool _unlimited;

    /// <summary>A pace that makes every call at once: for a world that never throttles, where what a refresh reads matters, not how fast.</summary>
    public static ReadPace Unlimited(TimeProvider time) =>
        new(time, Options.Create(new PollingOptions()), Microsoft.Extensions.Logging.Abstractions.NullLogger<ReadPace>.Instance) { _unlimited = true };

    /// <summary>How many calls AWS throttled in spite of the pace (each then slowed its family and was tried again or failed).</summary>
    public long Throttles => Interlocked.Read(ref _throttles);

    /// <summary>Makes the call when the family's bucket has a token for it; the call gets the token to honour.</summary>
    public async Task<T> CallAsync<T>(CloudCaller caller, string service, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(call);
        var family = AwsRateFamilies.Of(service, operation)
            ?? throw new ArgumentException($"No AWS rate family is known for {service}:{operation}.", nameof(operation));
        if (_unlimited)
        {
            return await call(cancellationToken);
        }

        var lane = _lanes.GetOrAdd((caller.AccountId, caller.Region, family), key => new Lane(key.Family, options.Value.AwsShare, time));
        for (var attempt = 1; ; attempt++)
        {
            var wait = lane.Bucket.Reserve();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            // A call no longer wanted (its part of the refresh failed or timed out) is not made.
            cancellationToken.ThrowIfCancellationRequested();

            try
            {
                var result = await call(cancellationToken);
                lane.Succeeded();
                return result;
            }
            catch (CloudThrottledException) when (attempt <= options.Value.ThrottleRetries)
            {
                Interlocked.Increment(ref _throttles);
                var rate = lane.Throttled();
                LogThrottled(logger, family.ToString(), caller.AccountId, caller.Region, operation, rate, attempt);
            }
            catch (CloudThrottledException)
            {
                Interlocked.Increment(ref _throttles);
                lane.Throttled();
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "AWS throttled {Operation} in {Account} ({Region}) although paced; {Family} slowed to {Rate:0.##} calls/s, attempt {Attempt} tried again")]
    private static partial void LogThrottled(ILogger logger, string family, string account, string region, string operation, double rate, int attempt);

    /// <summary>One family's bucket in one account and region, and how far throttles have slowed it.</summary>
    private sealed class Lane
    {
        private readonly Lock _gate = new();
        private readonly double _pacedRate;
        private double _factor = 1;

        public Lane(AwsRateFamily family, double share, TimeProvider time)
        {
            _pacedRate = family.RefillPerSecond * share;
            // At least one token, so a family whose share of the burst is below one can still make a call.
            Bucket = new TokenBucket(Math.Max(1, family.Capacity * share), _pacedRate, time);
        }

        public TokenBucket Bucket { get; }

        /// <summary>Halves the rate (down to <see cref="SlowestFactor"/>) and forgets the tokens it thought it had; returns the new rate.</summary>
        public double Throttled()
        {
            lock (_gate)
            {
                _factor = Math.Max(SlowestFactor, _factor / 2);
                Bucket.Empty();
                Bucket.ChangeRate(_pacedRate * _factor);
                return _pacedRate * _factor;
            }
        }

        /// <summary>Regains the rate slowly: a bucket's worth of successful calls brings back what one throttle took.</summary>
        public void Succeeded()
        {
            lock (_gate)
            {
                if (_factor >= 1)
                {
                    return;
                }

                _factor = Math.Min(1, _factor + (_factor / Bucket.Capacity));
                Bucket.ChangeRate(_pacedRate * _factor);
            }
        }
    }
}
