using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Deployments;
using Portal.Server.Instances;

namespace Portal.Server.Tests.Instances;

/// <summary>Deployment events between instances: raised here, they are signalled; signalled elsewhere, pages here hear them once.</summary>
public sealed class DeploymentEventSharingTests
{
    [Fact]
    public async Task An_event_raised_here_is_signalled_and_one_from_another_instance_reaches_pages_without_going_back()
    {
        var channel = new RecordingChannel();
        var events = new DeploymentEvents();
        var heard = new ConcurrentQueue<Guid>();
        events.Changed += heard.Enqueue;
        using var sharing = new DeploymentEventSharing(events, channel, NullLogger<DeploymentEventSharing>.Instance);
        await sharing.StartAsync(CancellationToken.None);
        var here = Guid.NewGuid();
        var elsewhere = Guid.NewGuid();

        events.Raise(here);
        channel.Deliver(new InstanceMessage(DeploymentEventSharing.Topic, elsewhere.ToString("D"), null));
        var deadline = TimeProvider.System.GetTimestamp();
        while (channel.Signals.IsEmpty)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(10), "the event raised here was never signalled");
            await Task.Delay(10);
        }

        await sharing.StopAsync(CancellationToken.None);
        Assert.Equal([(DeploymentEventSharing.Topic, here.ToString("D"))], channel.Signals);
        Assert.Equal([here, elsewhere], heard);
    }

    private sealed class RecordingChannel : IInstanceChannel
    {
        private Action<InstanceMessage>? _receive;

        public ConcurrentQueue<(string Topic, string Key)> Signals { get; } = new();

        public Task ShareAsync(string topic, string key, string payload, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SignalAsync(string topic, string key, CancellationToken cancellationToken)
        {
            Signals.Enqueue((topic, key));
            return Task.CompletedTask;
        }

        public void Subscribe(string topic, Action<InstanceMessage> receive) => _receive += receive;

        public void Deliver(InstanceMessage message) => _receive?.Invoke(message);
    }
}
