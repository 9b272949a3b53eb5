using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Server.Persistence;

namespace Portal.Server.Instances;

/// <summary>
/// The instance channel on PostgreSQL: a shared value is kept in the SharedStates table and
/// announced with NOTIFY (topic, key, sender); the others LISTEN, read the row and hand it to the
/// topic's subscribers. NOTIFY carries no payload of its own because a snapshot outgrows its 8000
/// bytes, and because the row lets an instance that (re)connects catch up on what it missed.
/// </summary>
public sealed partial class PostgresInstanceChannel(
    IOptions<DatabaseOptions> database,
    InstanceIdentity instance,
    TimeProvider time,
    ILogger<PostgresInstanceChannel> logger) : BackgroundService, IInstanceChannel
{
    public const string NotificationChannel = "portal_instances";

    private static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Action<InstanceMessage>> _subscribers = new(StringComparer.Ordinal);
    private readonly Channel<Notice> _notices = Channel.CreateUnbounded<Notice>(new UnboundedChannelOptions { SingleReader = true });
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ??= NpgsqlDataSource.Create(database.Value.ConnectionString!);

    public void Subscribe(string topic, Action<InstanceMessage> receive)
    {
        _subscribers.AddOrUpdate(topic, receive, (_, existing) => existing + receive);

        // A subscriber that comes after the listener connected still gets what was kept before it.
        _notices.Writer.TryWrite(Notice.CatchUp);
    }

    public async Task ShareAsync(string topic, string key, string payload, CancellationToken cancellationToken)
    {
        await using var batch = DataSource.CreateBatch();
        var keep = new NpgsqlBatchCommand(
            """
            INSERT INTO "SharedStates" ("Topic", "Key", "Payload", "Sender", "SharedAt") VALUES (@topic, @key, @payload, @sender, @at)
            ON CONFLICT ("Topic", "Key") DO UPDATE SET "Payload" = excluded."Payload", "Sender" = excluded."Sender", "SharedAt" = excluded."SharedAt"
            """);
        keep.Parameters.AddWithValue("topic", topic);
        keep.Parameters.AddWithValue("key", key);
        keep.Parameters.AddWithValue("payload", payload);
        keep.Parameters.AddWithValue("sender", instance.Name);
        keep.Parameters.AddWithValue("at", time.GetUtcNow());
        batch.BatchCommands.Add(keep);
        batch.BatchCommands.Add(NotifyCommand(new Notice(instance.Name, topic, key, Kept: true)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SignalAsync(string topic, string key, CancellationToken cancellationToken)
    {
        await using var batch = DataSource.CreateBatch();
        batch.BatchCommands.Add(NotifyCommand(new Notice(instance.Name, topic, key, Kept: false)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), DeliverAsync(stoppingToken));

    public override void Dispose()
    {
        _dataSource?.Dispose();
        base.Dispose();
    }

    /// <summary>Keeps one connection listening; after each (re)connection, catches up on every value kept meanwhile.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var settings = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
                {
                    Pooling = false,
                    ApplicationName = "portal-channel " + instance.Name,
                    // A listener waits in silence: without keepalives a dropped server would go unnoticed.
                    KeepAlive = 5,
                };
                await using var connection = new NpgsqlConnection(settings.ToString());
                connection.Notification += (_, notification) => Heard(notification.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {NotificationChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await _notices.Writer.WriteAsync(Notice.CatchUp, stoppingToken);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                LogListenFailed(logger, error.Message);
                await Task.Delay(ReconnectAfter, time, stoppingToken);
            }
        }
    }

    private void Heard(string payload)
    {
        try
        {
            if (JsonSerializer.Deserialize<Notice>(payload) is { } notice && notice.Sender != instance.Name)
            {
                _notices.Writer.TryWrite(notice);
            }
        }
        catch (JsonException)
        {
            // Not one of ours (someone else may NOTIFY on the channel).
        }
    }

    /// <summary>Hands each notice to its topic's subscribers, one at a time and in the order heard.</summary>
    private async Task DeliverAsync(CancellationToken stoppingToken)
    {
        await foreach (var notice in _notices.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (ReferenceEquals(notice, Notice.CatchUp))
                {
                    foreach (var message in await ReadAllKeptAsync(stoppingToken))
                    {
                        Deliver(message);
                    }
                }
                else if (!notice.Kept)
                {
                    Deliver(new InstanceMessage(notice.Topic, notice.Key, null));
                }
                else if (await ReadKeptAsync(notice.Topic, notice.Key, stoppingToken) is { } payload)
                {
                    Deliver(new InstanceMessage(notice.Topic, notice.Key, payload));
                }
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogReadFailed(logger, notice.Topic, notice.Key, error.Message);
            }
        }
    }

    private void Deliver(InstanceMessage message)
    {
        if (!_subscribers.TryGetValue(message.Topic, out var receive))
        {
            return;
        }

        try
        {
            receive(message);
        }
        catch (Exception error) when (error is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            LogDeliveryFailed(logger, message.Topic, message.Key, error.Message);
        }
    }

    private async Task<string?> ReadKeptAsync(string topic, string key, CancellationToken cancellationToken)
    {
        await using var read = DataSource.CreateCommand("""SELECT "Payload" FROM "SharedStates" WHERE "Topic" = @topic AND "Key" = @key""");
        read.Parameters.AddWithValue("topic", topic);
        read.Parameters.AddWithValue("key", key);
        return await read.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<List<InstanceMessage>> ReadAllKeptAsync(CancellationToken cancellationToken)
    {
        var topics = _subscribers.Keys.ToArray();
        await using var read = DataSource.CreateCommand("""SELECT "Topic", "Key", "Payload" FROM "SharedStates" WHERE "Topic" = ANY(@topics) AND "Sender" <> @sender""");
        read.Parameters.AddWithValue("topics", topics);
        read.Parameters.AddWithValue("sender", instance.Name);
        var messages = new List<InstanceMessage>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new InstanceMessage(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return messages;
    }

    private static NpgsqlBatchCommand NotifyCommand(Notice notice)
    {
        var notify = new NpgsqlBatchCommand("SELECT pg_notify(@channel, @notice)");
        notify.Parameters.AddWithValue("channel", NotificationChannel);
        notify.Parameters.AddWithValue("notice", JsonSerializer.Serialize(notice));
        return notify;
    }

    /// <summary>What a NOTIFY says: who sent it, about what, and whether a value was kept for it.</summary>
    private sealed record Notice(string Sender, string Topic, string Key, bool Kept)
    {
        /// <summary>Not sent by anyone: the listener (re)connected, so every kept value is read again.</summary>
        public static Notice CatchUp { get; } = new(string.Empty, string.Empty, string.Empty, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening to the other instances failed ({Reason}); reconnecting")]
    private static partial void LogListenFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Topic}/{Key} shared by another instance failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string topic, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber could not take {Topic}/{Key} from another instance: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, string topic, string key, string reason);
}
