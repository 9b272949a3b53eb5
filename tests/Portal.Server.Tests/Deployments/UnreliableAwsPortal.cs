using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Deployments;

/// <summary>
/// The whole portal on the simulated organization, with ECS writes that can be lost or held
/// (<see cref="UnreliableWritesEcs"/>) and a clock that moves only when the test moves it: the
/// deploy request's answer budget, the follower's rounds and the world's rollouts all wait for it.
/// </summary>
public sealed class UnreliableAwsPortal : PortalApplication, IAsyncLifetime
{
    /// <summary>Unlike any other timer of the host, so a test can tell when the deploy request started waiting.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(2.5);

    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(30);

    public UnreliableAwsPortal()
        : this(new SteppingClock(DateTimeOffset.UtcNow))
    {
    }

    private UnreliableAwsPortal(SteppingClock clock)
        : base(host =>
        {
            host.UseSetting("Simulation:Speed", "60");
            host.UseSetting("Deployments:AnswerWithin", AnswerWithin.ToString());
            host.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
                var simulated = services.Last(d => d.ServiceType == typeof(IEcs));
                services.Remove(simulated);
                services.AddSingleton(provider => new UnreliableWritesEcs((IEcs)simulated.ImplementationFactory!(provider)));
                services.AddSingleton<IEcs>(provider => provider.GetRequiredService<UnreliableWritesEcs>());
            });
        }) => Time = clock;

    /// <summary>The host's TimeProvider: timers fire only when the test moves it.</summary>
    internal SteppingClock Time { get; }

    internal UnreliableWritesEcs Ecs => Services.GetRequiredService<UnreliableWritesEcs>();

    public DeploymentLedger Ledger => Services.GetRequiredService<DeploymentLedger>();

    public DeploymentFollower Follower => Services.GetRequiredService<DeploymentFollower>();

    public async Task InitializeAsync()
    {
        _ = Services;
        var fleet = Services.GetRequiredService<Portal.Server.Fleet.FleetView>();
        await Eventually(() => Task.FromResult(fleet.Environments.All(e => fleet.Find(e.Name)?.Freshness.HasSnapshot == true)), ready => ready);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public ServiceView Service(string environment, string service) =>
        Services.GetRequiredService<Portal.Server.Fleet.FleetView>().Find(environment)!.Services.First(s => s.Service.Name == service);

    public async Task<Deployment> DeploymentAsync(Guid id) => (await Ledger.FindAsync(id, CancellationToken.None))!;

    /// <summary>What ECS says of the service now, read as the portal reads it.</summary>
    public async Task<EcsService> DescribeAsync(string environment, string cluster, string service)
    {
        var fleet = Services.GetRequiredService<Portal.Server.Fleet.IEnvironmentCatalog>().Environments.First(e => e.Name == environment);
        return (await Ecs.DescribeServicesAsync(fleet.ReadCaller, new DescribeServicesRequest(cluster, [service]), CancellationToken.None)).Services.Single();
    }

    public async Task<bool> IsLockedAsync(string environment, string cluster, string service)
    {
        var key = ServiceLocks.KeyOf(environment, cluster, service);
        await using var context = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await context.ServiceLocks.AnyAsync(l => l.Key == key);
    }

    public async Task<AnnouncedBuild> BuildAsync(string service)
    {
        var (build, _) = await Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            service, $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/{service}:{Guid.NewGuid().ToString("N")[..7]}", "abc1234", "Test build", "tester", null, "test", CancellationToken.None);
        return build;
    }

    /// <summary>Moves the clock in steps, a follower round after each, until the deployment has ended.</summary>
    public async Task<Deployment> FollowToTheEndAsync(Guid id)
    {
        var deadline = DateTimeOffset.UtcNow + RealTimeLimit;
        var deployment = await DeploymentAsync(id);
        while (!deployment.IsFinished && DateTimeOffset.UtcNow < deadline)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            Services.GetRequiredService<Portal.Server.Simulation.World.SimulatedWorld>().AdvanceTo(Time.GetUtcNow());
            await Follower.FollowOnceAsync(CancellationToken.None);
            deployment = await DeploymentAsync(id);
        }

        return deployment;
    }

    /// <summary>Waits, in real time and boundedly, for work running on other threads (the applier) to show.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + RealTimeLimit;
        var value = await read();
        while (!done(value) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }
}
