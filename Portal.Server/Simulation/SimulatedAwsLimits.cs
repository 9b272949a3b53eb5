using System.Collections.Concurrent;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Pacing;

namespace Portal.Server.Simulation;

/// <summary>
/// What the simulated cloud adds to every call to behave as AWS does on the wire: an answer that takes tens
/// of milliseconds (spread log-normally around <see cref="SimulatedAwsOptions.EcsLatency"/>), and AWS's
/// throttling: one token bucket per account, region and action family (<see cref="AwsRateFamilies"/>),
/// shared by every caller of that account, that refuses a call finding it empty with the same
/// <see cref="CloudThrottledException"/> the real adapter raises for ThrottlingException.
/// </summary>
/// <remarks>Delays run on the host's <see cref="TimeProvider"/>, so a test's fake clock drives them.</remarks>
public sealed class SimulatedAwsLimits
{
    private readonly SimulatedAwsOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Account, string Region, AwsRateFamily Family), TokenBucket> _buckets = new();
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private long _throttled;

    public SimulatedAwsLimits(SimulatedAwsOptions options, TimeProvider time, int randomSeed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
#pragma warning disable CA5394 // The simulation's randomness needs to be repeatable, not secret.
        _random = new Random(randomSeed);
#pragma warning restore CA5394
    }

    /// <summary>Calls refused so far because their bucket was empty.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>Takes the call's token and its time on the wire; throws as AWS answers a call that found its bucket empty.</summary>
    public async Task EnterAsync(CloudCaller caller, string service, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var admitted = Admit(caller, service, operation);
        var latency = Latency(service == "cloudwatch" ? _options.CloudWatchLatency : _options.EcsLatency);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, _time, cancellationToken);
        }

        if (!admitted)
        {
            throw new CloudThrottledException(service, operation, $"AWS throttled {service}:{operation} (ThrottlingException): Rate exceeded");
        }
    }

    private bool Admit(CloudCaller caller, string service, string operation)
    {
        if (!_options.Throttling || AwsRateFamilies.Of(service, operation) is not { } family)
        {
            return true;
        }

        var bucket = _buckets.GetOrAdd((caller.AccountId, caller.Region, family),
            key => new TokenBucket(key.Family.Capacity, key.Family.RefillPerSecond * (1 - _options.OthersShare), _time));
        if (bucket.TryTake())
        {
            return true;
        }

        Interlocked.Increment(ref _throttled);
        return false;
    }

    private TimeSpan Latency(TimeSpan median)
    {
        if (median <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        double normal;
        lock (_randomGate)
        {
            // Box-Muller: a standard normal from two uniforms.
#pragma warning disable CA5394
            normal = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
#pragma warning restore CA5394
        }

        // Capped: a real call that slow would have hit the client's timeout.
        return TimeSpan.FromMilliseconds(Math.Min(median.TotalMilliseconds * Math.Exp(_options.LatencySpread * normal), median.TotalMilliseconds * 10));
    }
}
