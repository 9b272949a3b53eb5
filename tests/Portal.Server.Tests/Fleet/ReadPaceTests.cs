using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Pacing;
using Portal.Server.Fleet;

namespace Portal.Server.Tests.Fleet;

public class ReadPaceTests
{
    private static readonly CloudCaller Dev = new("111111111111", "eu-west-1", "PortalReadOnly", "poller");
    private static readonly CloudCaller Prod = new("222222222222", "eu-west-1", "PortalReadOnly", "poller");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Calls_go_at_once_up_to_the_share_of_the_burst_and_then_at_the_share_of_the_refill_rate()
    {
        var pace = Pace(share: 0.5);
        var family = AwsRateFamilies.EcsServiceRead;
        var burst = (int)(family.Capacity * 0.5);
        var perSecond = (int)(family.RefillPerSecond * 0.5);

        var calls = Enumerable.Range(0, burst + (2 * perSecond)).Select(_ => Read(pace, Dev, "DescribeServices")).ToList();

        await Task.WhenAll(calls.Take(burst));
        Assert.All(calls.Skip(burst), call => Assert.False(call.IsCompleted));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(calls.Skip(burst).Take(perSecond));
        Assert.All(calls.Skip(burst + perSecond), call => Assert.False(call.IsCompleted));

        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(calls);
    }

    [Fact]
    public async Task Each_account_and_each_action_family_has_a_bucket_of_its_own()
    {
        var pace = Pace(share: 0.5);
        var burst = (int)(AwsRateFamilies.EcsServiceRead.Capacity * 0.5);
        var emptied = Enumerable.Range(0, burst).Select(_ => Read(pace, Dev, "DescribeServices")).ToList();
        await Task.WhenAll(emptied);

        // Neither another account's service reads nor the same account's cluster reads wait for the emptied bucket.
        await Read(pace, Prod, "DescribeServices");
        await Read(pace, Dev, "ListClusters");
        Assert.False(Read(pace, Dev, "ListServices").IsCompleted);
    }

    [Fact]
    public async Task A_throttled_call_slows_its_family_and_is_tried_again()
    {
        var pace = Pace(share: 0.5);
        var attempts = 0;
        var call = pace.CallAsync(Dev, "ecs", "DescribeTaskDefinition", _ =>
        {
            attempts++;
            return attempts == 1
                ? Task.FromException<int>(new CloudThrottledException("ecs", "DescribeTaskDefinition", "Rate exceeded"))
                : Task.FromResult(attempts);
        }, CancellationToken.None);

        // The bucket was emptied and its rate halved (10 a second to 5): the retry waits a fifth of a second.
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, await call);
        Assert.Equal(1, pace.Throttles);
    }

    [Fact]
    public async Task A_call_throttled_more_often_than_it_may_be_retried_fails_as_throttled()
    {
        var pace = Pace(share: 1, retries: 0);

        await Assert.ThrowsAsync<CloudThrottledException>(() => pace.CallAsync<int>(Dev, "cloudwatch", "DescribeAlarms",
            _ => Task.FromException<int>(new CloudThrottledException("cloudwatch", "DescribeAlarms", "Rate exceeded")), CancellationToken.None));
        Assert.Equal(1, pace.Throttles);
    }

    private ReadPace Pace(double share, int retries = 3) =>
        new(_time, Options.Create(new PollingOptions { AwsShare = share, ThrottleRetries = retries }), NullLogger<ReadPace>.Instance);

    private static Task<int> Read(ReadPace pace, CloudCaller caller, string operation) =>
        pace.CallAsync(caller, "ecs", operation, _ => Task.FromResult(1), CancellationToken.None);
}
