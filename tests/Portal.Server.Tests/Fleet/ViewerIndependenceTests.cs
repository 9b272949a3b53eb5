using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Fleet;

public class ViewerIndependenceTests
{
    [Fact]
    public async Task A_refresh_makes_the_same_cloud_calls_whether_nobody_one_person_or_twenty_people_watch()
    {
        var callsPerViewerCount = new Dictionary<int, Dictionary<string, long>>();
        foreach (var viewers in new[] { 0, 1, 20 })
        {
            using var organization = new TestOrganization(Seeds.Real);
            var environments = organization.Catalog.Environments.Select(e => e.Name).ToList();

            // Each viewer re-reads the environment it was told about, as a page re-renders.
            var notified = Enumerable.Range(0, viewers).Select(_ => new List<(string Environment, int Services)>()).ToList();
            foreach (var seen in notified)
            {
                organization.View.Changed += environment =>
                    seen.Add((environment, organization.View.Find(environment)!.Services.Count()));
            }

            var before = organization.CallsByOperation();
            await organization.RefreshAllAsync();
            var after = organization.CallsByOperation();

            callsPerViewerCount[viewers] = after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key));
            Assert.All(notified, seen =>
            {
                Assert.Equal(environments, seen.Select(s => s.Environment));
                Assert.All(seen, s => Assert.True(s.Services > 0));
            });
        }

        var alone = callsPerViewerCount[0];
        Assert.True(alone["ecs:DescribeServices"] > 0);
        Assert.True(alone["cloudwatch:GetMetricData"] > 0);
        Assert.Equal(alone, callsPerViewerCount[1]);
        Assert.Equal(alone, callsPerViewerCount[20]);
    }

    [Fact]
    public async Task Reading_the_view_never_calls_the_cloud()
    {
        using var organization = new TestOrganization(Seeds.Real);
        await organization.RefreshAllAsync();
        var calls = organization.Meter.TotalCount();

        for (var i = 0; i < 50; i++)
        {
            foreach (var environment in organization.View.Environments)
            {
                Assert.NotEmpty(organization.View.Find(environment.Name)!.Services);
            }
        }

        Assert.Equal(calls, organization.Meter.TotalCount());
    }
}
