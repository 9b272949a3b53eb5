using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Fleet;
using Portal.Server.History;
using Portal.Server.Instances;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.History;

/// <summary>The recorder hands every refreshed environment to each archive, and one failing archive stops no other.</summary>
public class HistoryRecorderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_archive_gets_each_refresh_even_when_another_fails()
    {
        var store = new FleetStore();
        var failing = new RecordingArchive(fails: true);
        var working = new RecordingArchive(fails: false);
        using var recorder = new HistoryRecorder(store, [failing, working], SoleInstanceLeases.Instance, TimeProvider.System, NullLogger<HistoryRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        store.Publish("prod", new EnvironmentSnapshot("prod", Now, []), Now);
        store.Publish("dev", new EnvironmentSnapshot("dev", Now, []), Now);
        await working.Seen.WaitForAsync(2);
        await recorder.StopAsync(CancellationToken.None);

        Assert.Equal(["prod", "dev"], working.Environments);
        Assert.Equal(["prod", "dev"], failing.Environments);
        Assert.Equal(2, working.Purges + failing.Purges);
    }

    [Fact]
    public async Task A_failed_refresh_without_a_snapshot_archives_nothing()
    {
        var store = new FleetStore();
        var archive = new RecordingArchive(fails: false);
        using var recorder = new HistoryRecorder(store, [archive], SoleInstanceLeases.Instance, TimeProvider.System, NullLogger<HistoryRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        store.RecordFailure("prod", "AccessDenied", Now);
        store.Publish("dev", new EnvironmentSnapshot("dev", Now, []), Now);
        await archive.Seen.WaitForAsync(1);
        await recorder.StopAsync(CancellationToken.None);

        Assert.Equal(["dev"], archive.Environments);
    }

    [Fact]
    public async Task A_followers_read_of_one_service_does_not_run_the_archives_again_for_the_same_poll()
    {
        var store = new FleetStore();
        var archive = new RecordingArchive(fails: false);
        using var recorder = new HistoryRecorder(store, [archive], SoleInstanceLeases.Instance, TimeProvider.System, NullLogger<HistoryRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);
        var service = new ServiceSnapshot("api", "main", "arn:api", "ACTIVE", 2, 2, 0, TaskDefinitionSummary.Unknown("arn:td/api:1"), [], [],
            MetricSeries.Empty, MetricSeries.Empty, [], new Dictionary<string, string>(), null, null);

        store.Publish("prod", new EnvironmentSnapshot("prod", Now, [new ClusterSnapshot("main", "arn:main", "ACTIVE", 2, 0, [service])]), Now);
        await archive.Seen.WaitForAsync(1);
        store.ReplaceService("prod", "main", "api", s => s with { RunningCount = 3, ReadAt = Now.AddSeconds(2) });
        store.Publish("prod", new EnvironmentSnapshot("prod", Now.AddSeconds(15), [new ClusterSnapshot("main", "arn:main", "ACTIVE", 2, 0, [service])]), Now.AddSeconds(15));
        // Handled in order: once dev's refresh is archived, everything before it has been.
        store.Publish("dev", new EnvironmentSnapshot("dev", Now.AddSeconds(15), []), Now.AddSeconds(15));
        await archive.Seen.WaitForAsync(3);
        await recorder.StopAsync(CancellationToken.None);

        Assert.Equal(["prod", "prod", "dev"], archive.Environments);
    }

    private sealed class RecordingArchive(bool fails) : IHistoryArchive
    {
        private readonly List<string> _environments = [];

        public Counter Seen { get; } = new();

        public int Purges { get; private set; }

        public IReadOnlyList<string> Environments
        {
            get
            {
                lock (_environments)
                {
                    return _environments.ToList();
                }
            }
        }

        public Task<int> ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
        {
            lock (_environments)
            {
                _environments.Add(snapshot.Environment);
            }

            Seen.Increment();
            return fails ? throw new InvalidOperationException("database unavailable") : Task.FromResult(1);
        }

        public Task<int> PurgeAsync(CancellationToken cancellationToken)
        {
            Purges++;
            return fails ? throw new InvalidOperationException("database unavailable") : Task.FromResult(0);
        }
    }

    private sealed class Counter
    {
        private int _count;

        public void Increment() => Interlocked.Increment(ref _count);

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Volatile.Read(ref _count) < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }
    }
}
