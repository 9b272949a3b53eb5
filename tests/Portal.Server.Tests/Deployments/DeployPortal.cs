using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Tests.Support;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Deployments;

/// <summary>The whole portal with the simulated organization sixty times faster, so a rollout takes seconds.</summary>
public sealed class DeployPortal() : PortalApplication(host =>
{
    host.UseSetting("Simulation:Speed", "60");
    host.UseSetting("Polling:Interval", "00:00:01");
    host.UseSetting("Polling:StaleAfter", "00:00:30");
    host.UseSetting("Deployments:FollowInterval", "00:00:00.200");

    // These tests read the outcome from the answer (started, refused): a loaded machine must not
    // turn it into "still applying". The answer budget itself is tested in UnreliableWritesTests.
    host.UseSetting("Deployments:AnswerWithin", "00:00:30");
    host.UseSetting("Deployments:FreezeWindows:0:Environment", "frozen-nowhere");
    host.UseSetting("Deployments:FreezeWindows:0:Start", "2026-01-01T00:00:00Z");
    host.UseSetting("Deployments:FreezeWindows:0:End", "2036-01-01T00:00:00Z");
    host.UseSetting("Deployments:FreezeWindows:0:Reason", "never applies");
}), IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        _ = Services;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        var fleet = Services.GetRequiredService<Portal.Server.Fleet.FleetView>();
        while (fleet.Environments.Any(e => fleet.Find(e.Name)?.Freshness.HasSnapshot != true) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Waits until the predicate holds, a bounded number of times.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        var value = await read();
        while (!done(value) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }

    public ServiceView Service(string environment, string service) =>
        Services.GetRequiredService<Portal.Server.Fleet.FleetView>().Find(environment)!.Services.First(s => s.Service.Name == service);
}
