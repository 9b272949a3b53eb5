using Portal.Server.Cloud;
using Portal.Server.Fleet;
using Portal.Server.Tests.Support;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Server.Tests.Fleet;

public class CloudWatchFailureTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("DescribeAlarms")]
    [InlineData("GetMetricData")]
    public async Task A_failing_CloudWatch_keeps_ECS_fresh_and_the_last_alarms_and_metrics_marked_stale(string failingOperation)
    {
        FailingCloudWatch? failing = null;
        using var organization = new TestOrganization(Seeds.Real, decorateCloudWatch: inner => failing = new FailingCloudWatch(inner, Seeds.ProdAccount));
        await organization.RefreshAllAsync();
        var good = organization.Store.Get("prod").Snapshot!;
        var levelsBefore = organization.View.Find("prod")!.Services.ToDictionary(s => s.Service.Name, s => s.Health.Level);
        Assert.Contains(good.Services, s => s.Cpu.Points.Count > 0 && s.Alarms.Count > 0);

        failing!.Failure = operation => operation == failingOperation
            ? new CloudUnavailableException("cloudwatch", operation, "InternalFailure: Service unavailable")
            : null;
        organization.Advance(Interval);
        await organization.RefreshAllAsync();

        var now = organization.Time.GetUtcNow();
        var snapshot = organization.Store.Get("prod").Snapshot!;
        var expectedError = $"cloudwatch:{failingOperation} failed: InternalFailure: Service unavailable";
        Assert.Equal(now, snapshot.TakenAt);
        Assert.Equal(new PartRead(good.TakenAt, expectedError), snapshot.CloudWatch);
        var before = good.Services.ToDictionary(s => s.Name);
        Assert.All(snapshot.Services, service =>
        {
            var earlier = before[service.Name];
            Assert.Same(earlier.Cpu, service.Cpu);
            Assert.Same(earlier.Memory, service.Memory);
            Assert.Same(earlier.Alarms, service.Alarms);
            Assert.Equal(good.TakenAt, service.CloudWatchReadAt);
        });

        var prod = organization.View.Find("prod")!;
        Assert.False(prod.Freshness.IsStale);
        Assert.Null(prod.Freshness.LastError);
        Assert.Equal(now, prod.Freshness.RefreshedAt);
        Assert.Equal(new CloudWatchFreshness(good.TakenAt, expectedError, IsStale: true), prod.Freshness.CloudWatch);
        Assert.All(prod.Services, service =>
        {
            Assert.Equal(levelsBefore[service.Service.Name], service.Health.Level);
            Assert.DoesNotContain(service.Health.Reasons, r => r.Code == HealthReasonCodes.StaleData);
            var note = Assert.Single(service.Health.Notes);
            Assert.Equal(new HealthNote(HealthNoteCodes.CloudWatchDataStale, "CloudWatch data 15 s old: " + expectedError), note);
        });
        Assert.All(new[] { "dev", "stage" }, other =>
        {
            var view = organization.View.Find(other)!;
            Assert.False(view.Freshness.CloudWatch.IsStale);
            Assert.All(view.Services, service => Assert.Empty(service.Health.Notes));
        });
    }

    [Fact]
    public async Task Past_StaleAfter_alarms_and_metrics_stop_counting_while_ECS_health_still_does()
    {
        FailingCloudWatch? failing = null;
        using var organization = new TestOrganization(Seeds.Real, decorateCloudWatch: inner => failing = new FailingCloudWatch(inner, Seeds.ProdAccount));
        await organization.RefreshAllAsync();
        var good = organization.Store.Get("prod").Snapshot!;
        var alarmed = organization.View.Find("prod")!.Services
            .Where(s => s.Health.Reasons.Any(r => r.Code is HealthReasonCodes.AlarmFiring or HealthReasonCodes.CpuHigh or HealthReasonCodes.MemoryHigh))
            .Select(s => s.Service.Name)
            .ToList();
        Assert.NotEmpty(alarmed);

        failing!.Failure = operation => new CloudThrottledException("cloudwatch", operation, "Throttling: Rate exceeded");
        for (var refresh = 0; refresh < 5; refresh++)
        {
            organization.Advance(Interval);
            await organization.RefreshAllAsync();
        }

        var prod = organization.View.Find("prod")!;
        Assert.False(prod.Freshness.IsStale);
        Assert.Equal(organization.Time.GetUtcNow(), prod.Freshness.RefreshedAt);
        Assert.True(prod.Freshness.CloudWatch.IsStale);
        Assert.Equal(good.TakenAt, prod.Freshness.CloudWatch.ReadAt);
        Assert.All(prod.Services, service =>
        {
            Assert.DoesNotContain(service.Health.Reasons, r => r.Code is HealthReasonCodes.StaleData or HealthReasonCodes.AlarmFiring or HealthReasonCodes.CpuHigh or HealthReasonCodes.MemoryHigh);
            Assert.NotEqual(HealthLevel.Unknown, service.Health.Level);
            var note = Assert.Single(service.Health.Notes);
            Assert.Equal(HealthNoteCodes.CloudWatchDataUnavailable, note.Code);
            Assert.Equal("CloudWatch data unavailable since 1 min ago, alarms and metrics not counted: cloudwatch:DescribeAlarms failed: Throttling: Rate exceeded", note.Text);
        });

        // CloudWatch answers again: the next refresh is whole.
        failing.Failure = null;
        organization.Advance(Interval);
        await organization.RefreshAllAsync();

        prod = organization.View.Find("prod")!;
        Assert.False(prod.Freshness.CloudWatch.IsStale);
        Assert.Null(prod.Freshness.CloudWatch.LastError);
        Assert.All(prod.Services, service => Assert.Empty(service.Health.Notes));
        Assert.All(alarmed, name => Assert.Contains(prod.Services.Single(s => s.Service.Name == name).Health.Reasons,
            r => r.Code is HealthReasonCodes.AlarmFiring or HealthReasonCodes.CpuHigh or HealthReasonCodes.MemoryHigh));
    }

    [Fact]
    public async Task A_CloudWatch_that_does_not_answer_in_time_is_given_up_on_and_ECS_stays_fresh()
    {
        FailingCloudWatch? failing = null;
        using var organization = new TestOrganization(
            Seeds.Real,
            decorateCloudWatch: inner => failing = new FailingCloudWatch(inner, Seeds.ProdAccount),
            pollingOptions: new PollingOptions { CloudWatchTimeout = TimeSpan.FromMilliseconds(100) });
        await organization.RefreshAllAsync();
        var good = organization.Store.Get("prod").Snapshot!;

        failing!.Hangs = true;
        organization.Advance(Interval);
        await organization.RefreshAllAsync();

        var snapshot = organization.Store.Get("prod").Snapshot!;
        Assert.Equal(organization.Time.GetUtcNow(), snapshot.TakenAt);
        Assert.Equal(new PartRead(good.TakenAt, "cloudwatch did not answer within 100 ms"), snapshot.CloudWatch);
        Assert.False(organization.View.Find("prod")!.Freshness.IsStale);
        Assert.Equal(good.Services.Select(s => s.Alarms), snapshot.Services.Select(s => s.Alarms));
    }

    [Fact]
    public async Task A_service_that_appears_while_CloudWatch_fails_has_no_alarms_or_metrics_and_says_so()
    {
        FailingCloudWatch? failing = null;
        using var organization = new TestOrganization(Seeds.Real, decorateCloudWatch: inner => failing = new FailingCloudWatch(inner, Seeds.ProdAccount));
        failing!.Failure = operation => new CloudAccessDeniedException("cloudwatch", operation, "AccessDenied: not authorized to perform: cloudwatch:DescribeAlarms");

        await organization.RefreshAllAsync();

        var snapshot = organization.Store.Get("prod").Snapshot!;
        Assert.Null(snapshot.CloudWatch.ReadAt);
        Assert.All(snapshot.Services, service =>
        {
            Assert.Null(service.CloudWatchReadAt);
            Assert.Empty(service.Alarms);
            Assert.Empty(service.Cpu.Points);
        });
        Assert.All(organization.View.Find("prod")!.Services, service => Assert.Equal(
            new HealthNote(HealthNoteCodes.CloudWatchDataUnavailable,
                "No CloudWatch data yet, alarms and metrics not counted: cloudwatch:DescribeAlarms failed: AccessDenied: not authorized to perform: cloudwatch:DescribeAlarms"),
            Assert.Single(service.Health.Notes)));
    }
}
