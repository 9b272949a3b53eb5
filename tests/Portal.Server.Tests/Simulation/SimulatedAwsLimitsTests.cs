using Microsoft.Extensions.Time.Testing;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Pacing;
using Portal.Server.Simulation;

namespace Portal.Server.Tests.Simulation;

public class SimulatedAwsLimitsTests
{
    private static readonly CloudCaller Dev = new("111111111111", "eu-west-1", "PortalReadOnly", "poller");
    private static readonly CloudCaller Console = new("111111111111", "eu-west-1", "Administrator", "someone@example.com");
    private static readonly CloudCaller Prod = new("222222222222", "eu-west-1", "PortalReadOnly", "poller");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_full_bucket_lets_its_burst_through_then_throttles_until_it_refills()
    {
        var limits = Limits(new SimulatedAwsOptions { EcsLatency = TimeSpan.Zero });
        var family = AwsRateFamilies.EcsServiceRead;

        for (var i = 0; i < family.Capacity; i++)
        {
            await limits.EnterAsync(Dev, "ecs", i % 2 == 0 ? "DescribeServices" : "ListServices", CancellationToken.None);
        }

        var refused = await Assert.ThrowsAsync<CloudThrottledException>(() => limits.EnterAsync(Dev, "ecs", "DescribeServices", CancellationToken.None));
        Assert.Contains("ThrottlingException", refused.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < family.RefillPerSecond; i++)
        {
            await limits.EnterAsync(Dev, "ecs", "DescribeServices", CancellationToken.None);
        }

        await Assert.ThrowsAsync<CloudThrottledException>(() => limits.EnterAsync(Dev, "ecs", "DescribeServices", CancellationToken.None));
        Assert.Equal(2, limits.Throttled);
    }

    [Fact]
    public async Task Every_caller_of_an_account_draws_from_the_same_bucket_and_other_accounts_and_families_from_their_own()
    {
        var limits = Limits(new SimulatedAwsOptions { EcsLatency = TimeSpan.Zero });
        for (var i = 0; i < AwsRateFamilies.EcsClusterRead.Capacity; i++)
        {
            await limits.EnterAsync(Dev, "ecs", "DescribeClusters", CancellationToken.None);
        }

        await Assert.ThrowsAsync<CloudThrottledException>(() => limits.EnterAsync(Console, "ecs", "ListClusters", CancellationToken.None));
        await limits.EnterAsync(Prod, "ecs", "ListClusters", CancellationToken.None);
        await limits.EnterAsync(Dev, "ecs", "DescribeServices", CancellationToken.None);
    }

    [Fact]
    public async Task Others_load_leaves_the_portal_only_the_rest_of_the_refill()
    {
        var limits = Limits(new SimulatedAwsOptions { EcsLatency = TimeSpan.Zero, OthersShare = 0.5 });
        var family = AwsRateFamilies.EcsTaskDefinitionRead;
        for (var i = 0; i < family.Capacity; i++)
        {
            await limits.EnterAsync(Dev, "ecs", "DescribeTaskDefinition", CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var admitted = 0;
        while (await Admitted(limits, "DescribeTaskDefinition"))
        {
            admitted++;
        }

        Assert.Equal(family.RefillPerSecond * 0.5, admitted);
    }

    [Fact]
    public async Task An_answer_takes_its_latency_on_the_clock()
    {
        var limits = Limits(new SimulatedAwsOptions { EcsLatency = TimeSpan.FromMilliseconds(40), LatencySpread = 0 });

        var call = limits.EnterAsync(Dev, "ecs", "DescribeServices", CancellationToken.None);

        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(39));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await call;
    }

    [Fact]
    public async Task Without_throttling_nothing_is_refused()
    {
        var limits = Limits(new SimulatedAwsOptions { EcsLatency = TimeSpan.Zero, Throttling = false });
        for (var i = 0; i < 1000; i++)
        {
            await limits.EnterAsync(Dev, "ecs", "DescribeServices", CancellationToken.None);
        }

        Assert.Equal(0, limits.Throttled);
    }

    private SimulatedAwsLimits Limits(SimulatedAwsOptions options) => new(options, _time, randomSeed: 7);

    private static async Task<bool> Admitted(SimulatedAwsLimits limits, string operation)
    {
        try
        {
            await limits.EnterAsync(Dev, "ecs", operation, CancellationToken.None);
            return true;
        }
        catch (CloudThrottledException)
        {
            return false;
        }
    }
}
