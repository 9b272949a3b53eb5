namespace Portal.Server.Persistence;

/// <summary>
/// The latest value one instance shared under a topic and key (an environment's snapshot, for
/// example), kept so an instance that starts, or reconnects after missing notifications, reads
/// what the others already have.
/// </summary>
public sealed class SharedState
{
    public string Topic { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;

    public string Payload { get; set; } = string.Empty;

    /// <summary>The instance that shared it, so it does not take its own value back.</summary>
    public string Sender { get; set; } = string.Empty;

    public DateTimeOffset SharedAt { get; set; }
}
