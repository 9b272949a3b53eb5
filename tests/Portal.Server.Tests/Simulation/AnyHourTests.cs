using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;
using Portal.Shared.Health;

namespace Portal.Server.Tests.Simulation;

/// <summary>
/// The seeded story (README "What you see") plays the same whatever hour of the day the host's clock
/// shows when the organization starts: its load follows the simulated clock and the seed.
/// </summary>
public class AnyHourTests
{
    public static TheoryData<int, int> StartHours => new() { { 3, 0 }, { 12, 0 }, { 18, 30 }, { 23, 49 } };

    [Theory]
    [MemberData(nameof(StartHours))]
    public async Task The_seeded_warnings_critical_service_and_rollouts_show_at_any_hour(int hour, int minute)
    {
        using var organization = new TestOrganization(Seeds.Real, start: At(hour, minute));

        await organization.RefreshAllAsync();

        var prod = organization.View.Find("prod")!;
        Assert.Equal(HealthLevel.Critical, prod.FindService("prod-pipeline", "search-indexer")!.Health.Level);
        Assert.Equal(HealthLevel.Warning, prod.FindService("prod-app", "reporting-web")!.Health.Level);
        Assert.Equal("ALARM", Alarm(organization.World, "prod-search-indexer-cpu-critical").State);
        Assert.Equal("ALARM", Alarm(organization.World, "prod-reporting-web-memory-warning").State);
        Assert.True(Service(organization.World, "prod", "orders-api").Deployments.Count > 1, "prod orders-api should be rolling out");
        Assert.True(Service(organization.World, "stage", "catalog-api").Deployments.Count > 1, "stage catalog-api should be rolling out");
        var healthy = prod.Services.Count(s => s.Health.Level == HealthLevel.Healthy);
        Assert.True(healthy >= prod.Services.Count() - 4, $"Prod should be mostly healthy; {healthy} of {prod.Services.Count()} are");
    }

    [Theory]
    [MemberData(nameof(StartHours))]
    public void The_faulty_build_is_rolled_back_and_the_stuck_rollout_keeps_failing_to_place_at_any_hour(int hour, int minute)
    {
        var world = new SimulatedWorld(Seeds.Real, At(hour, minute), new SimulationOptions());

        world.AdvanceTo(world.Start.AddMinutes(15));

        var tracking = Service(world, "dev", "tracking-api");
        Assert.Contains(tracking.Events, e => e.Message.Contains("rolling back to deployment", StringComparison.Ordinal));
        var recommendations = Service(world, "prod", "recommendations");
        Assert.True(recommendations.Deployments.Count > 1, "prod recommendations' rollout should never complete");
        Assert.Contains(recommendations.Events, e => e.Message.Contains("was unable to place a task", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StartHours))]
    public void The_rehearsed_incident_trips_the_cpu_alarm_and_recovers_after_the_rollback_at_any_hour(int hour, int minute)
    {
        var world = new SimulatedWorld(Seeds.Real, At(hour, minute), new SimulationOptions());
        var pricing = Service(world, "prod", "pricing-api");
        var before = pricing.Primary.TaskDefinition;
        var alarm = Alarm(world, "prod-pricing-api-cpu-critical");
        Assert.Equal("OK", alarm.State);

        lock (world.Gate)
        {
            world.DeployBuild(pricing, world.Builds.Single(b => b.Seed.Tag == "c0ffe42"));
        }

        world.AdvanceTo(world.Now.AddMinutes(15));
        Assert.Equal("ALARM", alarm.State);

        lock (world.Gate)
        {
            world.StartDeployment(pricing, before, world.Now);
        }

        world.AdvanceTo(world.Now.AddMinutes(15));
        Assert.Equal("OK", alarm.State);
    }

    [Fact]
    public void Worlds_started_at_different_hours_see_the_same_load_at_the_same_minute_of_their_story()
    {
        var night = new SimulatedWorld(Seeds.Real, At(3, 0), new SimulationOptions());
        var noon = new SimulatedWorld(Seeds.Real, At(12, 0), new SimulationOptions());
        var other = new SimulatedWorld(Seeds.Real, At(3, 0), new SimulationOptions { RandomSeed = 7 });

        foreach (var minutes in new[] { -20, 0, 45, 6 * 60, 13 * 60 })
        {
            foreach (var service in new[] { "checkout-web", "orders-api", "search-indexer" })
            {
                foreach (var metric in new[] { MetricModel.Cpu, MetricModel.Memory })
                {
                    Assert.Equal(
                        MetricModel.Value(Service(noon, "prod", service), metric, noon.Start.AddMinutes(minutes)),
                        MetricModel.Value(Service(night, "prod", service), metric, night.Start.AddMinutes(minutes)));
                }
            }
        }

        // The load has a daily rhythm on the simulated clock, and its noise comes from the random seed.
        var checkout = Service(night, "prod", "checkout-web");
        var values = Enumerable.Range(0, 24).Select(h => MetricModel.Value(checkout, MetricModel.Cpu, night.Start.AddHours(h))).ToList();
        Assert.True(values.Max() - values.Min() > 5, "CPU should rise and fall over the simulated day: " + string.Join(", ", values));
        var reseeded = Enumerable.Range(0, 24).Select(h => MetricModel.Value(Service(other, "prod", "checkout-web"), MetricModel.Cpu, other.Start.AddHours(h)));
        Assert.NotEqual(values, reseeded);
    }

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 22, hour, minute, 0, TimeSpan.Zero);

    private static SimService Service(SimulatedWorld world, string environment, string name) =>
        world.Services.Single(s => s.Account.Environment.Name == environment && s.Name == name);

    private static SimAlarm Alarm(SimulatedWorld world, string name) =>
        world.Accounts.SelectMany(a => a.Alarms).Single(a => a.Name == name);
}
