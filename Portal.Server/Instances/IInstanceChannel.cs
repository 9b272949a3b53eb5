namespace Portal.Server.Instances;

/// <summary>
/// Instance-to-instance messages under a topic and a key ("fleet" / "dev"): a store on one
/// instance shares its latest value, or signals that something changed, and the others receive it.
/// Messages never come back to the instance that sent them.
/// </summary>
public interface IInstanceChannel
{
    /// <summary>Keeps <paramref name="payload"/> as the key's latest value and tells the other instances.</summary>
    Task ShareAsync(string topic, string key, string payload, CancellationToken cancellationToken);

    /// <summary>Tells the other instances the key changed; nothing is kept.</summary>
    Task SignalAsync(string topic, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the topic's messages from the other instances, and, on subscribing and on every
    /// reconnection, every value they kept: a handler may see a value twice, never miss the latest.
    /// Handlers run one at a time and must return quickly.
    /// </summary>
    void Subscribe(string topic, Action<InstanceMessage> receive);
}

/// <summary>One message: the payload is the shared value, or null for a signal.</summary>
public sealed record InstanceMessage(string Topic, string Key, string? Payload);

/// <summary>One instance (SQLite): there is no one to tell.</summary>
public sealed class SoleInstanceChannel : IInstanceChannel
{
    public Task ShareAsync(string topic, string key, string payload, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SignalAsync(string topic, string key, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Subscribe(string topic, Action<InstanceMessage> receive)
    {
        // Nothing ever arrives.
    }
}
