using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Server.Costs;
using Portal.Server.Fleet;
using Portal.Server.Persistence;

namespace Portal.Server.Instances;

/// <summary>
/// Leases as PostgreSQL session-level advisory locks, all held on one connection of this
/// instance's own: a process that dies drops the connection and PostgreSQL frees its locks at
/// once; one that hangs goes silent and PostgreSQL ends its session after
/// <see cref="LeaseTiming.ServerTimeout"/> (idle_session_timeout). Every round renews the
/// connection (a query answered before the trust runs out) and tries the leases no one holds.
/// </summary>
public sealed partial class PostgresLeases(
    IOptions<DatabaseOptions> database,
    IOptions<PollingOptions> polling,
    IEnvironmentCatalog catalog,
    CostExplorerAccount costs,
    InstanceIdentity instance,
    TimeProvider time,
    ILogger<PostgresLeases> logger) : BackgroundService, IInstanceLeases
{
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly LeaseTiming _timing = LeaseTiming.For(polling.Value);
    private NpgsqlConnection? _connection;
    private long _renewedAt;

    public event Action<string>? Taken;

    public IReadOnlyCollection<string> Held => Trusted ? _held.Keys.ToList() : [];

    /// <summary>Held, and renewed recently enough that PostgreSQL cannot have handed it to another instance.</summary>
    public bool Holds(string key) => Trusted && _held.ContainsKey(key);

    private bool Trusted => Interlocked.Read(ref _renewedAt) is var renewed and not 0 && time.GetElapsedTime(renewed) < _timing.TrustFor;

    /// <summary>The advisory lock's number: a stable hash of the key, so every instance (and version) locks the same one.</summary>
    public static long LockIdOf(string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("portal-lease:" + key)), 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var keys = LeaseKeys.All(catalog, costs);
        using var timer = new PeriodicTimer(_timing.RenewEvery, time);
        try
        {
            do
            {
                await RoundAsync(keys, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: closing the connection below hands every lease to the others.
        }
        finally
        {
            await DropAsync();
        }
    }

    private async Task RoundAsync(IReadOnlyList<string> keys, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        using var round = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // A slow answer is still a renewal (trust counts from the round's start); one slower than
        // the trust itself means the lease may be gone.
        round.CancelAfter(_timing.TrustFor);
        try
        {
            var connection = _connection ??= await ConnectAsync(round.Token);
            await using (var renew = new NpgsqlCommand("SELECT 1", connection))
            {
                await renew.ExecuteScalarAsync(round.Token);
            }

            Interlocked.Exchange(ref _renewedAt, started);
            foreach (var key in keys.Where(k => !_held.ContainsKey(k)))
            {
                if (await TryTakeAsync(connection, key, round.Token))
                {
                    _held[key] = true;
                    LogTaken(logger, key, instance.Name);
                    Taken?.Invoke(key);
                }
            }
        }
        catch (Exception error) when (error is NpgsqlException or TimeoutException or InvalidOperationException
                                      || (error is OperationCanceledException && !stoppingToken.IsCancellationRequested))
        {
            // A connection that fails or does not answer within the round may have lost its locks
            // already; acting on them could mean two holders. Give them all up and start afresh.
            if (!_held.IsEmpty)
            {
                LogLost(logger, string.Join(", ", _held.Keys), error.Message);
            }

            await DropAsync();
        }
    }

    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
        {
            // Not pooled: closing it must end the session, which is what frees the locks.
            Pooling = false,
            ApplicationName = "portal-leases " + instance.Name,
            // No keepalive queries of Npgsql's own: they would keep the session of a holder whose
            // renewals stopped alive past idle_session_timeout. The renewals are the keepalive.
            KeepAlive = 0,
            // A renewal cut off at the end of its round breaks the connection at once instead of
            // waiting for the server to confirm the cancellation: a hung server never would.
            CancellationTimeout = -1,
        };
        var connection = new NpgsqlConnection(settings.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var silence = new NpgsqlCommand($"SET idle_session_timeout = {(int)_timing.ServerTimeout.TotalMilliseconds}", connection);
            try
            {
                await silence.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedObject)
            {
                // Before PostgreSQL 14: a dead holder still frees its leases at once, a hung one only
                // when TCP keepalives give up on it.
                LogNoIdleTimeout(logger, error.MessageText);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> TryTakeAsync(NpgsqlConnection connection, string key, CancellationToken cancellationToken)
    {
        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@id)", connection);
        take.Parameters.AddWithValue("id", LockIdOf(key));
        return await take.ExecuteScalarAsync(cancellationToken) is true;
    }

    private async Task DropAsync()
    {
        _held.Clear();
        Interlocked.Exchange(ref _renewedAt, 0);
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took the lease {Lease} as {Instance}")]
    private static partial void LogTaken(ILogger logger, string lease, string instance);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL has no idle_session_timeout ({Reason}): a hung lease holder is replaced only when its connection times out")]
    private static partial void LogNoIdleTimeout(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up the leases {Leases}: their connection failed ({Reason}); trying again")]
    private static partial void LogLost(ILogger logger, string leases, string reason);
}
