using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Instances;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;

namespace Portal.Server.Tests.Instances;

/// <summary>The instance channel on a real PostgreSQL: what one instance shares or signals, the others receive, and a late starter catches up.</summary>
[Collection(PostgresCollection.Name)]
public sealed class InstanceChannelTests(PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_shared_value_and_a_signal_reach_the_other_instance_and_never_come_back_to_the_sender()
    {
        var database = await MigratedAsync("channel");
        using var sender = Channel(database);
        using var receiver = Channel(database);
        var sent = Received(sender, "fleet");
        var received = Received(receiver, "fleet");
        var signals = Received(receiver, "deployment");
        await sender.StartAsync(CancellationToken.None);
        await receiver.StartAsync(CancellationToken.None);

        // The listener may still be connecting: share until the first arrives, then once more.
        await EventuallyAsync(async () =>
        {
            await sender.ShareAsync("fleet", "dev", "{\"n\":1}", CancellationToken.None);
            return !received.IsEmpty;
        }, "the first shared value");
        await sender.ShareAsync("fleet", "dev", "{\"n\":2}", CancellationToken.None);
        await sender.SignalAsync("deployment", "d-1", CancellationToken.None);

        await EventuallyAsync(() => Task.FromResult(received.Any(m => m.Payload == "{\"n\":2}") && !signals.IsEmpty), "the second value and the signal");
        Assert.All(received, m => Assert.Equal(("fleet", "dev"), (m.Topic, m.Key)));
        Assert.Equal(new InstanceMessage("deployment", "d-1", null), Assert.Single(signals));
        Assert.Empty(sent);
        await sender.StopAsync(CancellationToken.None);
        await receiver.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_instance_that_starts_later_reads_every_value_the_others_shared_before()
    {
        var database = await MigratedAsync("catchup");
        using var sender = Channel(database);
        await sender.ShareAsync("fleet", "dev", "dev-snapshot", CancellationToken.None);
        await sender.ShareAsync("fleet", "prod", "prod-snapshot", CancellationToken.None);

        using var late = Channel(database);
        var received = Received(late, "fleet");
        await late.StartAsync(CancellationToken.None);

        // A value may arrive twice (on subscribing and on connecting); each must arrive.
        await EventuallyAsync(() => Task.FromResult(received.Select(m => m.Payload).Distinct().Count() >= 2), "the values shared before the start");
        Assert.Equal(["dev-snapshot", "prod-snapshot"], received.Select(m => m.Payload).Distinct().Order());
        await late.StopAsync(CancellationToken.None);
    }

    private async Task<PostgresTestDatabase> MigratedAsync(string hint)
    {
        var database = await postgres.CreateDatabaseAsync(hint);
        await using var services = database.BuildServices(TimeProvider.System);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return database;
    }

    private static PostgresInstanceChannel Channel(PostgresTestDatabase database) => new(
        Options.Create(new DatabaseOptions { Provider = DatabaseOptions.PostgreSql, ConnectionString = database.ConnectionString }),
        new InstanceIdentity(),
        TimeProvider.System,
        NullLogger<PostgresInstanceChannel>.Instance);

    private static ConcurrentQueue<InstanceMessage> Received(IInstanceChannel channel, string topic)
    {
        var received = new ConcurrentQueue<InstanceMessage>();
        channel.Subscribe(topic, received.Enqueue);
        return received;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, $"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}
