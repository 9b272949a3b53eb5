using System.Text.Json;
using System.Threading.Channels;
using Portal.Server.Instances;
using Portal.Shared.Fleet;

namespace Portal.Server.Fleet;

/// <summary>
/// Hands the fleet store's records to the other instances: whatever the holder of an
/// environment's lease publishes into its store (a refresh, a failure, a service updated during a
/// rollout) is shared, and the other instances put it into their own stores as it was, read
/// times included, so their pages show the same freshness.
/// </summary>
public sealed partial class FleetSharing(FleetStore store, IInstanceChannel channel, IInstanceLeases leases, ILogger<FleetSharing> logger)
    : BackgroundService
{
    public const string Topic = "fleet";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Channel<string> _changed = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    public static string Serialize(EnvironmentRecord record) => JsonSerializer.Serialize(record, Json);

    public static EnvironmentRecord? Deserialize(string payload) => JsonSerializer.Deserialize<EnvironmentRecord>(payload, Json);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.Changed += OnChanged;
        channel.Subscribe(Topic, Receive);
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        store.Changed -= OnChanged;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var environment in _changed.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                // The record as it is now: changes queued meanwhile are in it.
                await channel.ShareAsync(Topic, environment, Serialize(store.Get(environment)), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogShareFailed(logger, environment, error.Message);
            }
        }
    }

    private void OnChanged(string environment)
    {
        // Only the holder speaks for an environment; what another instance received is not sent on.
        if (leases.Holds(LeaseKeys.Environment(environment)))
        {
            _changed.Writer.TryWrite(environment);
        }
    }

    private void Receive(InstanceMessage message)
    {
        // A late message from an instance that lost the lease must not overwrite what this holder read itself.
        if (message.Payload is not { } payload || leases.Holds(LeaseKeys.Environment(message.Key)))
        {
            return;
        }

        if (Deserialize(payload) is { } record)
        {
            store.Receive(message.Key, record);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sharing {Environment} with the other instances failed: {Reason}")]
    private static partial void LogShareFailed(ILogger logger, string environment, string reason);
}
