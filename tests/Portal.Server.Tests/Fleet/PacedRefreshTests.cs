using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Fleet;

/// <summary>The poller over a simulated cloud that answers in tens of milliseconds and throttles as AWS does, on a fake clock.</summary>
public sealed class PacedRefreshTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new(Seeds.Start);
    private readonly SimulatedWorld _world = new(Seeds.Synthetic(400, 400), Seeds.Start, new SimulationOptions());
    private readonly MemoryTaskDefinitionShelf _shelf = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CloudCallMeter _meter;
    private readonly FleetEnvironment _dev;

    public PacedRefreshTests()
    {
        _meter = new CloudCallMeter(_metrics.GetRequiredService<IMeterFactory>());
        _dev = new SimulatedEnvironmentCatalog(Seeds.Synthetic(400, 400)).Environments.Single();
    }

    [Fact]
    public async Task A_paced_refresh_within_its_share_is_never_throttled_takes_about_what_the_buckets_allow_and_reads_what_an_unpaced_one_does()
    {
        var expected = await UnpacedRefreshAsync();
        var limits = new SimulatedAwsLimits(new SimulatedAwsOptions { OthersShare = 0.4 }, _time, randomSeed: 3);
        var (poller, pace) = PacedPoller(limits, share: 0.5);
        var before = _meter.Totals();

        var started = _time.GetUtcNow();
        var snapshot = await DriveAsync(poller.RefreshAsync(_dev, null, CancellationToken.None));
        var took = _time.GetUtcNow() - started;

        Assert.Equal(0, limits.Throttled);
        Assert.Equal(0, pace.Throttles);
        Assert.Equal(Json(expected), Json(snapshot));
        var calls = CallCounts.Delta(before, _meter.Totals());
        var limit = RefreshLimit.Of((service, operation) => calls.GetValueOrDefault($"{service}:{operation}"), 0.5);
        Assert.True(limit > TimeSpan.FromSeconds(1), $"The refresh must need more than the burst: {limit}.");
        // The fake clock moves in 1 ms steps while the continuations of each step run on the thread
        // pool: on a busy machine some run a few steps late, which reads as up to about 1.6 here on
        // 2 loaded cores. The benchmark measures the real ratio (README: median 1.08); this bound
        // catches a pace that is twice too slow, such as a share applied twice.
        Assert.InRange(took / limit, 1.0, 1.9);
    }

    [Fact]
    public async Task When_others_take_more_than_their_part_the_poller_backs_off_and_the_refresh_still_completes()
    {
        await UnpacedRefreshAsync();
        var limits = new SimulatedAwsLimits(new SimulatedAwsOptions { OthersShare = 0.5 }, _time, randomSeed: 3);
        var (poller, pace) = PacedPoller(limits, share: 1);

        var first = await DriveAsync(poller.RefreshAsync(_dev, null, CancellationToken.None));
        var second = await DriveAsync(poller.RefreshAsync(_dev, first, CancellationToken.None));

        Assert.True(limits.Throttled > 0, "Refreshing again at once at the whole rate must find AWS's bucket emptied by the others.");
        Assert.True(pace.Throttles > 0);
        Assert.Equal(800, second.Services.Count());
        Assert.Equal(PartRead.Succeeded(second.TakenAt), second.CloudWatch);
    }

    [Fact]
    public async Task A_failed_ECS_read_fails_the_refresh_at_once_and_the_reads_still_waiting_for_tokens_are_not_made()
    {
        await UnpacedRefreshAsync();
        // Others leave the portal a twentieth of every refill, and a throttled read is not tried again.
        var limits = new SimulatedAwsLimits(new SimulatedAwsOptions { EcsLatency = TimeSpan.Zero, OthersShare = 0.95 }, _time, randomSeed: 3);
        var (poller, _) = PacedPoller(limits, share: 1, throttleRetries: 0);
        // The first refresh's 88 service reads fit AWS's burst of 100; the second finds about 12 left and its 13th throttled.
        var first = await DriveAsync(poller.RefreshAsync(_dev, null, CancellationToken.None));
        var before = _meter.Totals();

        var started = _time.GetUtcNow();
        await Assert.ThrowsAsync<CloudThrottledException>(() => DriveAsync(poller.RefreshAsync(_dev, first, CancellationToken.None)));

        // Paced at 20 a second, the 80 DescribeServices would have taken seconds; the ones after the throttle were given up.
        Assert.True(_time.GetUtcNow() - started < TimeSpan.FromSeconds(1), $"The failed refresh took {_time.GetUtcNow() - started}.");
        var describeServices = CallCounts.Delta(before, _meter.Totals()).GetValueOrDefault("ecs:DescribeServices");
        Assert.InRange(describeServices, 1, 40);
    }

    public void Dispose()
    {
        _meter.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Today's read, instant and unthrottled; it also keeps every task definition on the shelf, as an earlier start would have.</summary>
    private Task<EnvironmentSnapshot> UnpacedRefreshAsync() =>
        new FleetPoller(new SimulatedEcs(_world), new SimulatedCloudWatch(_world), ReadPace.Unlimited(_time), _shelf, _time, Options.Create(new PollingOptions()))
            .RefreshAsync(_dev, null, CancellationToken.None);

    private (FleetPoller Poller, ReadPace Pace) PacedPoller(SimulatedAwsLimits limits, double share, int throttleRetries = 3)
    {
        var polling = Options.Create(new PollingOptions { AwsShare = share, ThrottleRetries = throttleRetries, CloudWatchTimeout = TimeSpan.FromMinutes(5) });
        var pace = new ReadPace(_time, polling, NullLogger<ReadPace>.Instance);
        IEcs ecs = new MeteredEcs(new LimitedEcs(new SimulatedEcs(_world), limits), _meter);
        ICloudWatch cloudWatch = new MeteredCloudWatch(new LimitedCloudWatch(new SimulatedCloudWatch(_world), limits), _meter);
        return (new FleetPoller(ecs, cloudWatch, pace, _shelf, _time, polling), pace);
    }

    /// <summary>Moves the fake clock in small steps until the work is done, letting what each step woke up run first.</summary>
    private async Task<T> DriveAsync<T>(Task<T> work)
    {
        while (!work.IsCompleted)
        {
            _time.Advance(Step);
            for (var i = 0; i < 100 && !work.IsCompleted; i++)
            {
                await Task.Yield();
            }
        }

        return await work;
    }

    private static string Json(EnvironmentSnapshot snapshot) => JsonSerializer.Serialize(snapshot.Clusters);
}

internal static class CallCounts
{
    public static Dictionary<string, long> Delta(IReadOnlyDictionary<CloudCallKey, long> before, IReadOnlyDictionary<CloudCallKey, long> after) => after
        .GroupBy(t => $"{t.Key.Service}:{t.Key.Operation}")
        .ToDictionary(g => g.Key, g => g.Sum(t => t.Value) - g.Sum(t => before.GetValueOrDefault(t.Key)));
}
