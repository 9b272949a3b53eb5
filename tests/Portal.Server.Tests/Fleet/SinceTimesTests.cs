using Microsoft.Extensions.Options;
using Portal.Server.Fleet;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Server.Tests.Fleet;

public class SinceTimesTests
{
    [Fact]
    public async Task A_portal_restarted_during_a_shortfall_dates_it_from_ECS_as_the_one_that_kept_watching_does()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(3));
        var dev = organization.Environment("dev");
        var service = ScaleUpThatCannotBePlaced(organization.World, dev.Info.AccountId);
        var startedAt = organization.Time.GetUtcNow();

        // The portal that keeps watching first sees the shortfall one poll after it began.
        organization.Advance(TimeSpan.FromSeconds(15));
        var watched = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        for (var poll = 0; poll < 80; poll++)
        {
            organization.Advance(TimeSpan.FromSeconds(15));
            watched = await organization.Poller.RefreshAsync(dev, watched, CancellationToken.None);
        }

        // A portal started just now has no snapshot of its own.
        var restarted = new FleetPoller(organization.Ecs, organization.CloudWatch, organization.Pace, NoTaskDefinitionShelf.Instance, organization.Time, Options.Create(new PollingOptions()));
        var fresh = await restarted.RefreshAsync(dev, null, CancellationToken.None);

        var takenAt = organization.Time.GetUtcNow();
        var keptWatching = watched.Services.Single(s => s.Name == service);
        var afterRestart = fresh.Services.Single(s => s.Name == service);
        Assert.True(afterRestart.RunningCount < afterRestart.DesiredCount);
        // ECS started the one task it could place at the next tick; older starts belong to the deployment that settled long ago.
        var firstStart = afterRestart.Events.Where(e => e.Class == ServiceEventClass.TasksStarted && e.CreatedAt >= startedAt).Min(e => e.CreatedAt);
        Assert.InRange(firstStart, startedAt, startedAt.AddSeconds(15));
        Assert.Contains(afterRestart.Events, e => e.Class == ServiceEventClass.TasksStarted && e.CreatedAt < startedAt);
        Assert.Equal(firstStart, afterRestart.BelowDesiredSince);
        Assert.Equal(firstStart, keptWatching.BelowDesiredSince);
        Assert.NotEqual(takenAt, afterRestart.BelowDesiredSince);

        var health = HealthRules.Evaluate(afterRestart, takenAt, new SnapshotFreshness(takenAt, null, null, TimeSpan.FromMinutes(1)), new HealthThresholds());
        Assert.Contains(health.Reasons, r => r.Code == HealthReasonCodes.BelowDesired && r.Text.EndsWith("for 20 min", StringComparison.Ordinal));
    }

    /// <summary>A dev service asked for two more tasks, one of which no instance can hold: it stays one short.</summary>
    private static string ScaleUpThatCannotBePlaced(SimulatedWorld world, string accountId)
    {
        lock (world.Gate)
        {
            var service = world.Services.First(s => s.Account.AccountId == accountId && s.IsSettled && s.DesiredCount > 0);
            service.DesiredCount += 2;
            service.Primary.DesiredCount += 2;
            service.Primary.CannotPlaceOne = true;
            return service.Name;
        }
    }
}
