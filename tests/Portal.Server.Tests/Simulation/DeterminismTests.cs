using System.Text.Json;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

public class DeterminismTests
{
    private static readonly string[] Accounts = [Seeds.DevAccount, Seeds.StageAccount, Seeds.ProdAccount];

    [Fact]
    public async Task The_same_seed_and_clock_give_the_same_world()
    {
        var first = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());
        var second = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());

        foreach (var minutes in new[] { 0, 3, 10 })
        {
            first.AdvanceTo(Seeds.Start.AddMinutes(minutes));
            second.AdvanceTo(Seeds.Start.AddMinutes(minutes));

            var a = await DescribeAsync(first);
            var b = await DescribeAsync(second);
            Assert.Equal(a.Count, b.Count);
            for (var i = 0; i < a.Count; i++)
            {
                Assert.Equal(a[i], b[i]);
            }
        }

        // The comparison covered events with their ids and messages, and services that moved.
        var services = (await new SimulatedEcs(first).DescribeEverythingAsync(Callers.Read(Seeds.DevAccount))).ToDictionary(s => s.ServiceName);
        Assert.Contains(services["checkout-web"].Events, e => e.Message.EndsWith("deployment completed.", StringComparison.Ordinal));
        Assert.Contains(services["tracking-api"].Events, e => e.Message.Contains("rolling back to deployment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_different_random_seed_gives_different_ids()
    {
        var first = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());
        var other = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions { RandomSeed = 7 });
        first.AdvanceTo(Seeds.Start.AddMinutes(10));
        other.AdvanceTo(Seeds.Start.AddMinutes(10));

        var a = await DescribeAsync(first);
        var b = await DescribeAsync(other);

        Assert.Equal(a.Count, b.Count);
        Assert.NotEqual(a, b);
        var firstIds = (await new SimulatedEcs(first).DescribeEverythingAsync(Callers.Read(Seeds.ProdAccount))).SelectMany(s => s.Events).Select(e => e.Id);
        var otherIds = (await new SimulatedEcs(other).DescribeEverythingAsync(Callers.Read(Seeds.ProdAccount))).SelectMany(s => s.Events).Select(e => e.Id);
        Assert.Empty(firstIds.Intersect(otherIds));
    }

    /// <summary>Every service of every account as DescribeServices returns it, one JSON document each.</summary>
    private static async Task<List<string>> DescribeAsync(SimulatedWorld world)
    {
        var ecs = new SimulatedEcs(world);
        var documents = new List<string>();
        foreach (var account in Accounts)
        {
            foreach (var service in await ecs.DescribeEverythingAsync(Callers.Read(account)))
            {
                documents.Add(JsonSerializer.Serialize(service));
                var deployments = await ecs.ListServiceDeploymentsAsync(Callers.Read(account),
                    new ListServiceDeploymentsRequest(service.ServiceArn, service.ClusterArn), CancellationToken.None);
                documents.Add(JsonSerializer.Serialize(deployments));
            }
        }

        return documents;
    }
}
