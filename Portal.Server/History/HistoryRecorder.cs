using System.Threading.Channels;
using Portal.Server.Fleet;
using Portal.Server.Instances;

namespace Portal.Server.History;

/// <summary>
/// Runs the history archives beside the poller, never in its way: a refresh only queues the
/// environment's name, and the archives read its snapshot here. One archive failing leaves the
/// others and the next refresh untouched. With several instances only the holder of an
/// environment's lease archives it: the others' stores hold the same snapshots, received.
/// </summary>
public sealed partial class HistoryRecorder(
    FleetStore store,
    IEnumerable<IHistoryArchive> archives,
    IInstanceLeases leases,
    TimeProvider time,
    ILogger<HistoryRecorder> logger)
    : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private readonly Channel<string> _refreshed = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly IReadOnlyList<IHistoryArchive> _archives = archives.ToList();
    private readonly Dictionary<string, Shared.Fleet.EnvironmentSnapshot> _archived = new(StringComparer.Ordinal);
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.Changed += OnRefreshed;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        store.Changed -= OnRefreshed;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var environment in _refreshed.Reader.ReadAllAsync(stoppingToken))
        {
            if (!leases.Holds(LeaseKeys.Environment(environment)))
            {
                continue;
            }

            // A follower's read of one service mid-rollout changes the store too, but keeps the
            // snapshot's TakenAt: the archives (some of which ask ECS) run once per poll, not per follow round.
            if (store.Get(environment).Snapshot is { } snapshot && IsNewPoll(environment, snapshot))
            {
                foreach (var archive in _archives)
                {
                    await RunAsync(archive, environment, () => archive.ArchiveAsync(snapshot, stoppingToken));
                }
            }

            if (time.GetUtcNow() - _lastPurge > PurgeInterval)
            {
                _lastPurge = time.GetUtcNow();
                foreach (var archive in _archives)
                {
                    await RunAsync(archive, environment, () => archive.PurgeAsync(stoppingToken));
                }
            }
        }
    }

    private async Task RunAsync(IHistoryArchive archive, string environment, Func<Task<int>> work)
    {
        try
        {
            await work();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogFailed(logger, archive.GetType().Name, environment, error.Message);
        }
    }

    /// <summary>
    /// False for the poll already archived: the same snapshot read again (several changes queued
    /// before the recorder got to them, or a failed refresh that kept it), or that poll with a
    /// follower's read laid into it (a service that carries its own ReadAt).
    /// </summary>
    private bool IsNewPoll(string environment, Shared.Fleet.EnvironmentSnapshot snapshot)
    {
        if (_archived.TryGetValue(environment, out var archived)
            && (ReferenceEquals(archived, snapshot) || (archived.TakenAt == snapshot.TakenAt && snapshot.Services.Any(s => s.ReadAt is not null))))
        {
            return false;
        }

        _archived[environment] = snapshot;
        return true;
    }

    private void OnRefreshed(string environment) => _refreshed.Writer.TryWrite(environment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Archive} failed for {Environment}: {Message}")]
    private static partial void LogFailed(ILogger logger, string archive, string environment, string message);
}
