using System.Collections.Concurrent;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// The time requests are signed at: this host's clock, corrected per endpoint by the offset AWS's
/// own Date header showed when it refused a signature as expired or too skewed, as the AWS SDKs do.
/// Once learned, an offset signs every later request to that endpoint, so a host whose clock is
/// off pays one refused request per endpoint, not one per call.
/// </summary>
public sealed partial class AwsClock(TimeProvider time, ILogger<AwsClock> logger)
{
    private readonly ConcurrentDictionary<string, TimeSpan> _offsets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Now, as AWS's endpoint at <paramref name="host"/> sees it.</summary>
    public DateTimeOffset Now(string host) => time.GetUtcNow() + Offset(host);

    /// <summary>How far AWS's clock at <paramref name="host"/> is ahead of this host's (negative: behind).</summary>
    public TimeSpan Offset(string host) => _offsets.TryGetValue(host, out var offset) ? offset : TimeSpan.Zero;

    /// <summary>Learns the offset from the time AWS said it was (its answer's Date header); returns it.</summary>
    public TimeSpan Correct(string host, DateTimeOffset awsTime)
    {
        var offset = awsTime - time.GetUtcNow();
        _offsets[host] = offset;
        LogCorrected(logger, host, offset.TotalMinutes);
        return offset;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS at {Host} refused a signature as made at the wrong time: AWS's clock is {OffsetMinutes:+0.#;-0.#;0} minute(s) from this host's; requests to it are now signed with AWS's time. Set the host's clock right (NTP).")]
    private static partial void LogCorrected(ILogger logger, string host, double offsetMinutes);
}
