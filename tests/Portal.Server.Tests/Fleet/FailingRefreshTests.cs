using Portal.Server.Cloud;
using Portal.Server.Tests.Support;
using Portal.Shared.Health;

namespace Portal.Server.Tests.Fleet;

public class FailingRefreshTests
{
    public static TheoryData<string, string> Failures => new()
    {
        { "throttled", "Rate exceeded" },
        { "access-denied", "is not authorized to perform: ecs:ListClusters" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_account_keeps_its_last_snapshot_marked_stale_while_the_others_stay_fresh(string kind, string expectedInError)
    {
        FailingEcs? failing = null;
        using var organization = new TestOrganization(Seeds.Real, decorateEcs: inner => failing = new FailingEcs(inner, Seeds.ProdAccount));
        await organization.RefreshAllAsync();
        var goodSnapshot = organization.Store.Get("prod").Snapshot;
        Assert.NotNull(goodSnapshot);
        Assert.False(organization.View.Find("prod")!.Freshness.IsStale);
        var levelsBefore = organization.View.Find("prod")!.Services.ToDictionary(s => s.Service.Name, s => s.Health.Level);

        failing!.Failure = operation => kind == "throttled"
            ? new CloudThrottledException("ecs", operation, "ThrottlingException: Rate exceeded")
            : new CloudAccessDeniedException("ecs", operation,
                $"User: arn:aws:sts::{Seeds.ProdAccount}:assumed-role/PortalReadOnly/portal-poller is not authorized to perform: ecs:{operation}");
        organization.Advance(TimeSpan.FromSeconds(15));
        await organization.RefreshAllAsync();

        Assert.Same(goodSnapshot, organization.Store.Get("prod").Snapshot);
        var prod = organization.View.Find("prod")!;
        Assert.True(prod.Freshness.IsStale);
        Assert.Equal(goodSnapshot.TakenAt, prod.Freshness.RefreshedAt);
        Assert.Equal(organization.Time.GetUtcNow(), prod.Freshness.LastAttemptAt);
        Assert.NotNull(prod.Freshness.LastError);
        Assert.Contains("ecs:ListClusters", prod.Freshness.LastError, StringComparison.Ordinal);
        Assert.Contains(expectedInError, prod.Freshness.LastError, StringComparison.Ordinal);
        Assert.Equal(goodSnapshot.Services.Count(), prod.Services.Count());

        // Younger than StaleAfter: every service keeps its last known health, marked with its age and the error.
        Assert.Contains(prod.Services, service => service.Health.Level == HealthLevel.Healthy);
        Assert.All(prod.Services, service =>
        {
            Assert.Equal(levelsBefore[service.Service.Name], service.Health.Level);
            Assert.DoesNotContain(service.Health.Reasons, r => r.Code == HealthReasonCodes.StaleData);
            var note = Assert.Single(service.Health.Notes, n => n.Code == HealthNoteCodes.EcsDataStale);
            Assert.StartsWith("ECS data 15 s old: last refresh failed: ecs:ListClusters failed: ", note.Text, StringComparison.Ordinal);
            Assert.Contains(expectedInError, note.Text, StringComparison.Ordinal);
        });
        Assert.Equal(1, organization.Meter.Totals().Where(t => t.Key.Outcome == kind).Sum(t => t.Value));

        foreach (var other in new[] { "dev", "stage" })
        {
            var view = organization.View.Find(other)!;
            Assert.False(view.Freshness.IsStale);
            Assert.Null(view.Freshness.LastError);
            Assert.Equal(organization.Time.GetUtcNow(), view.Freshness.RefreshedAt);
            Assert.All(view.Services, service =>
            {
                Assert.DoesNotContain(service.Health.Reasons, r => r.Code == HealthReasonCodes.StaleData);
                Assert.Empty(service.Health.Notes);
            });
        }

        // Past StaleAfter the last known health is no longer trusted: Unknown, with the error.
        organization.Advance(TimeSpan.FromSeconds(50));
        await organization.RefreshAllAsync();

        Assert.Same(goodSnapshot, organization.Store.Get("prod").Snapshot);
        Assert.All(organization.View.Find("prod")!.Services, service =>
        {
            var stale = Assert.Single(service.Health.Reasons, r => r.Code == HealthReasonCodes.StaleData);
            Assert.StartsWith("Data is stale: last refreshed 1 min ago (error: ecs:ListClusters failed: ", stale.Text, StringComparison.Ordinal);
            Assert.Contains(expectedInError, stale.Text, StringComparison.Ordinal);
            Assert.NotEqual(HealthLevel.Healthy, service.Health.Level);
            Assert.Empty(service.Health.Notes);
        });
    }

    [Fact]
    public async Task The_next_good_refresh_clears_the_error()
    {
        FailingEcs? failing = null;
        using var organization = new TestOrganization(Seeds.Real, decorateEcs: inner => failing = new FailingEcs(inner, Seeds.ProdAccount));
        await organization.RefreshAllAsync();
        failing!.Failure = operation => new CloudThrottledException("ecs", operation, "ThrottlingException: Rate exceeded");
        organization.Advance(TimeSpan.FromSeconds(15));
        await organization.RefreshAllAsync();
        Assert.True(organization.View.Find("prod")!.Freshness.IsStale);

        failing.Failure = null;
        organization.Advance(TimeSpan.FromSeconds(15));
        await organization.RefreshAllAsync();

        var prod = organization.View.Find("prod")!;
        Assert.False(prod.Freshness.IsStale);
        Assert.Null(prod.Freshness.LastError);
        Assert.Equal(organization.Time.GetUtcNow(), prod.Freshness.RefreshedAt);
        Assert.All(prod.Services, service =>
        {
            Assert.DoesNotContain(service.Health.Reasons, r => r.Code == HealthReasonCodes.StaleData);
            Assert.Empty(service.Health.Notes);
        });
    }

    [Fact]
    public async Task A_snapshot_older_than_StaleAfter_is_stale_even_without_an_error()
    {
        using var organization = new TestOrganization(Seeds.Real);
        await organization.RefreshAllAsync();

        organization.Time.Advance(TimeSpan.FromSeconds(61));

        var dev = organization.View.Find("dev")!;
        Assert.True(dev.Freshness.IsStale);
        Assert.Null(dev.Freshness.LastError);
        Assert.All(dev.Services, service => Assert.Contains(service.Health.Reasons, r => r.Code == HealthReasonCodes.StaleData));
    }
}
