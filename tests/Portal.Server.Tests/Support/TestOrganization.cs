using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Server.Fleet;
using Portal.Server.Instances;
using Portal.Server.Simulation;
using Portal.Server.Simulation.Seed;
using Portal.Server.Simulation.World;
using Portal.Shared.Health;

namespace Portal.Server.Tests.Support;

/// <summary>
/// A simulated organization on a manual clock with the portal's read side wired over it as the host
/// wires it: metered ECS and CloudWatch, poller, store, view and polling service.
/// </summary>
internal sealed class TestOrganization : IDisposable
{
    private readonly ServiceProvider _metrics;

    public TestOrganization(
        OrganizationSeedSet seed,
        SimulationOptions? simulation = null,
        Func<IEcs, IEcs>? decorateEcs = null,
        Func<ICloudWatch, ICloudWatch>? decorateCloudWatch = null,
        PollingOptions? pollingOptions = null,
        Func<TimeProvider, ReadPace>? pace = null,
        ITaskDefinitionShelf? shelf = null,
        DateTimeOffset? start = null)
    {
        Time = new ManualTimeProvider(start ?? Seeds.Start);
        World = new SimulatedWorld(seed, Time.GetUtcNow(), simulation ?? new SimulationOptions());
        _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Meter = new CloudCallMeter(_metrics.GetRequiredService<IMeterFactory>());
        IEcs ecs = new SimulatedEcs(World);
        Ecs = new MeteredEcs(decorateEcs is null ? ecs : decorateEcs(ecs), Meter);
        ICloudWatch cloudWatch = new SimulatedCloudWatch(World);
        CloudWatch = new MeteredCloudWatch(decorateCloudWatch is null ? cloudWatch : decorateCloudWatch(cloudWatch), Meter);
        Catalog = new SimulatedEnvironmentCatalog(seed);
        var polling = Options.Create(pollingOptions ?? new PollingOptions());
        // Unless a test is about pacing, the world never throttles and calls go out at once.
        Pace = pace is null ? ReadPace.Unlimited(Time) : pace(Time);
        LoadBalancing = new MeteredLoadBalancing(new SimulatedLoadBalancing(World), Meter);
        TargetHealth = new TargetHealthReads(LoadBalancing, Pace, Time, polling);
        Poller = new FleetPoller(Ecs, CloudWatch, Pace, shelf ?? NoTaskDefinitionShelf.Instance, Time, polling, TargetHealth);
        Store = new FleetStore();
        View = new FleetView(Store, Catalog, Time, polling, Options.Create(new HealthThresholds()));
        Polling = new FleetPollingService(Catalog, Poller, Store, SoleInstanceLeases.Instance, Time, polling, NullLogger<FleetPollingService>.Instance);
    }

    public ManualTimeProvider Time { get; }

    public SimulatedWorld World { get; }

    public CloudCallMeter Meter { get; }

    public IEcs Ecs { get; }

    public ICloudWatch CloudWatch { get; }

    public ILoadBalancing LoadBalancing { get; }

    public TargetHealthReads TargetHealth { get; }

    public IEnvironmentCatalog Catalog { get; }

    public ReadPace Pace { get; }

    public FleetPoller Poller { get; }

    public FleetStore Store { get; }

    public FleetView View { get; }

    public FleetPollingService Polling { get; }

    public FleetEnvironment Environment(string name) => Catalog.Environments.Single(e => e.Name == name);

    /// <summary>Moves the clock and the world together.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        World.AdvanceTo(Time.GetUtcNow());
    }

    public async Task RefreshAllAsync()
    {
        foreach (var environment in Catalog.Environments)
        {
            await Polling.RefreshOnceAsync(environment, CancellationToken.None);
        }
    }

    /// <summary>Calls per "service:operation", whatever the outcome.</summary>
    public Dictionary<string, long> CallsByOperation() => Meter.Totals()
        .GroupBy(t => $"{t.Key.Service}:{t.Key.Operation}")
        .ToDictionary(g => g.Key, g => g.Sum(t => t.Value));

    public void Dispose()
    {
        Polling.Dispose();
        View.Dispose();
        Meter.Dispose();
        _metrics.Dispose();
    }
}

internal static class Callers
{
    public static CloudCaller Read(string accountId) => new(accountId, Seeds.Region, Seeds.PortalReadRole, "test-reader");

    public static CloudCaller As(string accountId, string role, string person) => new(accountId, Seeds.Region, role, person);
}
