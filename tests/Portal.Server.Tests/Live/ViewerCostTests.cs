using Microsoft.Extensions.DependencyInjection;
using Portal.Client.Components;
using Portal.Client.Fleet;
using Portal.Client.Triage;
using Portal.Server.Fleet;
using Portal.Server.Tests.Support;
using Portal.Shared.Health;
using Xunit.Abstractions;

namespace Portal.Server.Tests.Live;

/// <summary>
/// Issue 15: what open pages cost. The overview, an environment page, a service page and the triage
/// page, each open in one tab or in fifty, over the same simulated minutes of polls, follow rounds and
/// clock ticks: the database and the cloud see the same work.
/// </summary>
public sealed class ViewerCostTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Watched = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Fifty_viewers_of_each_page_cost_the_database_and_the_cloud_what_one_viewer_does()
    {
        var one = await WatchAsync(viewersPerPage: 1);
        var fifty = await WatchAsync(viewersPerPage: 50);

        output.WriteLine($"1 viewer per page: {one.DatabaseCommands} database commands, {one.CloudCalls} cloud calls in {Watched.TotalMinutes} simulated minutes");
        output.WriteLine($"50 viewers per page: {fifty.DatabaseCommands} database commands, {fifty.CloudCalls} cloud calls");
        Assert.True(one.CloudCalls > 0, "the polls in the watched minutes call the cloud");
        Assert.Equal(one.CloudCalls, fifty.CloudCalls);
        Assert.Equal(one.DatabaseCommands, fifty.DatabaseCommands);

        // The pages were live all along: every one re-rendered on the shared clock and on each poll.
        var ticks = (int)(Watched / LiveClock.TickInterval);
        Assert.All([.. one.Renders, .. fifty.Renders], renders => Assert.True(renders >= ticks, $"{renders} renders in {ticks} ticks"));
        Assert.Empty(one.Errors.Concat(fifty.Errors));
    }

    [Fact]
    public async Task Pages_share_one_clock_that_stops_when_the_last_page_closes()
    {
        await using var portal = await LivePortal.StartAsync();
        var clock = LiveClock.Of(portal.Clock);
        var viewers = new List<Viewer>();
        for (var i = 0; i < 10; i++)
        {
            var viewer = new Viewer(PersonScopes.Alice(portal.Services));
            await viewer.OpenAsync<FleetOverviewPage>(new Dictionary<string, object?>());
            viewers.Add(viewer);
        }

        Assert.Equal(10, clock.Listeners);
        Assert.True(clock.IsRunning);

        foreach (var viewer in viewers)
        {
            await viewer.CloseAsync();
        }

        Assert.Equal(0, clock.Listeners);
        Assert.False(clock.IsRunning);
    }

    private static async Task<Watch> WatchAsync(int viewersPerPage)
    {
        await using var portal = await LivePortal.StartAsync();
        var prod = portal.Services.GetRequiredService<FleetView>().Find("prod")!;
        var service = prod.Services.OrderByDescending(s => s.Health.Level).First();
        Assert.NotEqual(HealthLevel.Healthy, service.Health.Level);

        var viewers = new List<Viewer>();
        try
        {
            for (var i = 0; i < viewersPerPage; i++)
            {
                viewers.Add(await OpenAsync<FleetOverviewPage>(portal, []));
                viewers.Add(await OpenAsync<EnvironmentPage>(portal, new() { ["Environment"] = "prod" }));
                viewers.Add(await OpenAsync<ServicePage>(portal, new() { ["Environment"] = "prod", ["Cluster"] = service.Service.Cluster, ["Name"] = service.Service.Name }));
                viewers.Add(await OpenAsync<TriagePage>(portal, []));
            }

            // Opening a page reads what it shows once; from then on it is only kept live.
            await StepAsync(portal, viewers, second: 0);
            var commands = portal.Commands.Count;
            var calls = portal.CloudCalls;
            var rendersBefore = viewers.Select(v => v.Renders).ToList();

            for (var second = 1; second <= Watched.TotalSeconds; second++)
            {
                portal.Clock.Advance(TimeSpan.FromSeconds(1));
                await StepAsync(portal, viewers, second);
            }

            return new Watch(
                portal.Commands.Count - commands,
                portal.CloudCalls - calls,
                [.. viewers.Select((v, i) => v.Renders - rendersBefore[i])],
                [.. viewers.SelectMany(v => v.Errors)]);
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.CloseAsync();
            }
        }
    }

    /// <summary>What the background loops do in that second (polls every 15 s, follow rounds every 2 s), then every page settles.</summary>
    private static async Task StepAsync(LivePortal portal, List<Viewer> viewers, int second)
    {
        if (second % 15 == 0)
        {
            await portal.PollAsync();
        }

        if (second % 2 == 0)
        {
            await portal.FollowAsync();
        }

        foreach (var viewer in viewers)
        {
            await viewer.SettleAsync();
        }
    }

    private static async Task<Viewer> OpenAsync<TPage>(LivePortal portal, Dictionary<string, object?> parameters)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var viewer = new Viewer(PersonScopes.Alice(portal.Services));
        await viewer.OpenAsync<TPage>(parameters);
        await viewer.SettleAsync();
        return viewer;
    }

    private sealed record Watch(long DatabaseCommands, long CloudCalls, IReadOnlyList<int> Renders, IReadOnlyList<Exception> Errors);
}
