using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Server.Fleet;
using Portal.Server.Tests.Support;
using Portal.Shared.Health;

namespace Portal.Server.Tests.Fleet;

/// <summary>Target health is read per target group for services that need it, and the bad build's targets make the service unhealthy.</summary>
public sealed partial class TargetHealthReadsTests
{
    /// <summary>No per-refresh cap in the way of what these tests count.</summary>
    private static PollingOptions Uncapped => new() { TargetHealthReadsPerRefresh = 1_000 };

    private static int TargetHealthCalls(TestOrganization organization) => (int)organization.Meter.Count(MeteredLoadBalancing.Service, "DescribeTargetHealth");

    [Fact]
    public async Task The_first_refresh_reads_every_services_target_group_once()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(40), pollingOptions: Uncapped);

        var snapshot = await organization.Poller.RefreshAsync(organization.Environment("dev"), null, CancellationToken.None);

        Assert.Equal(40, TargetHealthCalls(organization));
        Assert.All(snapshot.Services, service =>
        {
            var group = Assert.Single(service.Targets.TargetGroups);
            Assert.Equal(organization.Time.GetUtcNow(), service.Targets.ReadAt);
            Assert.Null(service.Targets.LastError);
            Assert.StartsWith("dev-" + service.Name, group.Name, StringComparison.Ordinal);
            Assert.Equal(service.RunningCount, group.Healthy + group.Initial + group.Unhealthy + group.Draining);
        });
    }

    [Fact]
    public async Task A_steady_fleet_is_read_again_only_for_services_that_changed_until_the_recheck_is_due()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(40), pollingOptions: Uncapped);
        var dev = organization.Environment("dev");
        var first = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        var settled = first.Services.Count(s => s.Targets.Healthy == s.DesiredCount && s.Targets.Unhealthy + s.Targets.Initial + s.Targets.Draining == 0);

        organization.Advance(TimeSpan.FromSeconds(15));
        var before = TargetHealthCalls(organization);
        var second = await organization.Poller.RefreshAsync(dev, first, CancellationToken.None);
        var steady = TargetHealthCalls(organization) - before;

        organization.Advance(new PollingOptions().TargetHealthRecheck);
        before = TargetHealthCalls(organization);
        await organization.Poller.RefreshAsync(dev, second, CancellationToken.None);
        var recheck = TargetHealthCalls(organization) - before;

        Assert.True(settled > 30, $"{settled} of 40 services settled");
        Assert.Equal(40 - settled, steady);
        Assert.Equal(first.Services.Select(s => s.Targets), second.Services.Select(s => s.Targets));
        Assert.Equal(40, recheck);
    }

    [Fact]
    public async Task After_a_restart_every_target_group_is_read_again()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(25), pollingOptions: Uncapped);
        var dev = organization.Environment("dev");
        await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        organization.Advance(TimeSpan.FromSeconds(15));
        var before = TargetHealthCalls(organization);

        // A new process has no snapshot before its first refresh.
        await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);

        Assert.Equal(25, TargetHealthCalls(organization) - before);
    }

    [Fact]
    public async Task A_restart_fills_the_readings_in_over_refreshes_within_the_per_refresh_budget()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(70), pollingOptions: new PollingOptions { TargetHealthReadsPerRefresh = 30 });
        var dev = organization.Environment("dev");
        var calls = new List<int>();
        Portal.Shared.Fleet.EnvironmentSnapshot? snapshot = null;
        var unread = new List<int>();
        for (var refresh = 0; refresh < 3; refresh++)
        {
            var before = TargetHealthCalls(organization);
            snapshot = await organization.Poller.RefreshAsync(dev, snapshot, CancellationToken.None);
            calls.Add(TargetHealthCalls(organization) - before);
            unread.Add(snapshot.Services.Count(s => s.Targets.ReadAt is null));
            organization.Advance(TimeSpan.FromSeconds(15));
        }

        Assert.Equal([30, 30], calls.Take(2));
        Assert.InRange(calls[2], 10, 30);
        Assert.Equal([40, 10, 0], unread);
    }

    [Fact]
    public async Task A_failed_read_keeps_the_last_reading_with_the_error_and_does_not_fail_the_refresh()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(3));
        var dev = organization.Environment("dev");
        var first = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        var failing = new TargetHealthReads(new RefusingLoadBalancing(), organization.Pace, organization.Time, Options.Create(new PollingOptions()));
        var poller = new FleetPoller(organization.Ecs, organization.CloudWatch, organization.Pace, NoTaskDefinitionShelf.Instance, organization.Time,
            Options.Create(new PollingOptions()), failing);

        organization.Advance(new PollingOptions().TargetHealthRecheck);
        var second = await poller.RefreshAsync(dev, first, CancellationToken.None);

        Assert.All(second.Services.Zip(first.Services), pair =>
        {
            Assert.Equal(pair.Second.Targets.TargetGroups, pair.First.Targets.TargetGroups);
            Assert.Equal(pair.Second.Targets.ReadAt, pair.First.Targets.ReadAt);
            Assert.Contains("elasticloadbalancing:DescribeTargetHealth failed", pair.First.Targets.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_bad_tracking_api_build_in_dev_shows_unhealthy_targets_and_makes_the_service_unhealthy()
    {
        using var organization = new TestOrganization(Seeds.Real);
        var dev = organization.Environment("dev");
        Portal.Shared.Fleet.ServiceView? seen = null;
        for (var step = 0; step < 24 && seen is null; step++)
        {
            organization.Advance(TimeSpan.FromSeconds(15));
            await organization.Polling.RefreshOnceAsync(dev, CancellationToken.None);
            var view = organization.View.Find("dev")!.Services.Single(s => s.Service.Name == "tracking-api");
            seen = view.Service.Targets.Unhealthy > 0 ? view : null;
        }

        Assert.NotNull(seen);
        var targets = seen.Service.Targets;
        var group = Assert.Single(targets.TargetGroups);
        Assert.Equal(group.Unhealthy, group.UnhealthyTargets.Count);
        Assert.All(group.UnhealthyTargets, t =>
        {
            Assert.Contains(t.Reason, new[] { TargetHealthReasons.ResponseCodeMismatch, TargetHealthReasons.Timeout });
            Assert.Matches(@"^10\.0\.\d+\.\d+$", t.Id);
            Assert.True(t.Port > 0);
        });
        var reason = Assert.Single(seen.Health.Reasons, r => r.Code == HealthReasonCodes.TargetsUnhealthy);
        Assert.Matches(UnhealthyText(), reason.Text);
        Assert.Equal(targets.Healthy > 0 || targets.Initial > 0 ? HealthLevel.Warning : HealthLevel.Critical, reason.Level);
    }

    [GeneratedRegex(@"^\d+ of \d+ targets? unhealthy: (Health checks failed with these codes: \[502\]|Request timed out)$")]
    private static partial Regex UnhealthyText();

    private sealed class RefusingLoadBalancing : ILoadBalancing
    {
        public Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(Portal.Server.Cloud.CloudCaller caller, DescribeTargetHealthRequest request, CancellationToken cancellationToken) =>
            throw new Portal.Server.Cloud.CloudUnavailableException("elasticloadbalancing", "DescribeTargetHealth", "Service Unavailable");
    }
}
