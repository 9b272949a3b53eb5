using System.Diagnostics.Metrics;

namespace Portal.Server.Metrics;

/// <summary>Measurements the exporter could not deliver, by reason; safe to count from any thread.</summary>
internal sealed class DroppedMeasurements
{
    public const string QueueFullReason = "queue-full";
    public const string TooLargeReason = "too-large";
    public const string SendFailedReason = "send-failed";

    private long _queueFull;
    private long _tooLarge;
    private long _sendFailed;

    public long QueueFull => Interlocked.Read(ref _queueFull);

    public long TooLarge => Interlocked.Read(ref _tooLarge);

    public long SendFailed => Interlocked.Read(ref _sendFailed);

    public long Total => QueueFull + TooLarge + SendFailed;

    public void CountQueueFull() => Interlocked.Increment(ref _queueFull);

    public void CountTooLarge() => Interlocked.Increment(ref _tooLarge);

    public void CountSendFailed(int lines) => Interlocked.Add(ref _sendFailed, lines);

    /// <summary>The running totals, for an observable counter.</summary>
    public IEnumerable<Measurement<long>> Observe() =>
    [
        new(QueueFull, new KeyValuePair<string, object?>("reason", QueueFullReason)),
        new(TooLarge, new KeyValuePair<string, object?>("reason", TooLargeReason)),
        new(SendFailed, new KeyValuePair<string, object?>("reason", SendFailedReason)),
    ];
}
