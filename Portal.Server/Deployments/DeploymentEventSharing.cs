using System.Threading.Channels;
using Portal.Server.Instances;

namespace Portal.Server.Deployments;

/// <summary>
/// Carries deployment events between instances, so a page open on one instance follows a
/// rollout that the lease holder of its environment follows on another.
/// </summary>
public sealed partial class DeploymentEventSharing(DeploymentEvents events, IInstanceChannel channel, ILogger<DeploymentEventSharing> logger)
    : BackgroundService
{
    public const string Topic = "deployment";

    private readonly Channel<Guid> _raised = Channel.CreateBounded<Guid>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        events.RaisedHere += OnRaised;
        channel.Subscribe(Topic, Receive);
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        events.RaisedHere -= OnRaised;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var deploymentId in _raised.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await channel.SignalAsync(Topic, deploymentId.ToString("D"), stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogSignalFailed(logger, deploymentId, error.Message);
            }
        }
    }

    // Raised inside the follower's round and the request's work: queued, never sent there.
    private void OnRaised(Guid deploymentId) => _raised.Writer.TryWrite(deploymentId);

    private void Receive(InstanceMessage message)
    {
        if (Guid.TryParseExact(message.Key, "D", out var deploymentId))
        {
            events.RaiseFromAnotherInstance(deploymentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the other instances about deployment {DeploymentId} failed: {Reason}")]
    private static partial void LogSignalFailed(ILogger logger, Guid deploymentId, string reason);
}
