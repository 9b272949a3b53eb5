using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

public class ServiceEventsTests
{
    [Fact]
    public async Task ECS_keeps_only_the_newest_100_events_newest_first()
    {
        var world = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());
        var ecs = new SimulatedEcs(world);
        var admin = Callers.As(Seeds.DevAccount, "Administrator", "alice");
        var reader = Callers.Read(Seeds.DevAccount);
        var seen = new Dictionary<string, EcsServiceEvent>();
        var at = Seeds.Start;

        for (var i = 0; i < 20; i++)
        {
            await ecs.UpdateServiceAsync(admin, new UpdateServiceRequest("dev-api", "orders-api", ForceNewDeployment: true), CancellationToken.None);
            at = at.AddMinutes(2);
            world.AdvanceTo(at);
            foreach (var e in (await ecs.DescribeOneAsync(reader, "dev-api", "orders-api")).Events)
            {
                seen.TryAdd(e.Id, e);
            }
        }

        var events = (await ecs.DescribeOneAsync(reader, "dev-api", "orders-api")).Events;

        Assert.True(seen.Count > 120, $"only {seen.Count} events were written");
        Assert.Equal(EcsLimits.ServiceEventsKept, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.True(pair.First.CreatedAt >= pair.Second.CreatedAt));

        // Nothing newer than the oldest kept event was dropped.
        var kept = events.Select(e => e.Id).ToHashSet();
        Assert.All(seen.Values.Where(e => e.CreatedAt > events[^1].CreatedAt), e => Assert.Contains(e.Id, kept));
        Assert.True(events[^1].CreatedAt > Seeds.Start, "events from before the first forced deployment should have been dropped");
        Assert.Equal("(service orders-api) has reached a steady state.", events[0].Message);
    }
}
