using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Benchmarks;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Server.Cloud.Pacing;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Shared.Fleet;

namespace Portal.DeployBenchmark;

/// <summary>
/// Refreshes of a large fleet (3 environments × 1,000 services by default) over the simulated cloud with AWS's
/// latency and throttling on, others in the account using part of every bucket, through the real poller and
/// its pace, with the task definition cache on a SQLite file. Prints each environment's refresh time beside
/// the least time the buckets allow (<see cref="RefreshLimit"/>), throttled calls and the calls per refresh.
/// </summary>
/// <remarks>
/// The database is filled first by a portal that "ran before" (an instant, unlimited read), so the measured
/// start is a restart; with --cold the first start on an empty database is measured too (it describes every
/// task definition at ECS's sustained rate: minutes for 1,000 services).
/// </remarks>
internal static class RefreshBenchmark
{
    public static async Task RunAsync(int servicesPerCluster, int runs, double share, double othersShare, int intervalSeconds, bool cold)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-refresh-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var time = TimeProvider.System;
            var seed = SyntheticOrganization.RoundTrip(SyntheticOrganization.Build(3, 4, servicesPerCluster));
            var world = new SimulatedWorld(seed, time.GetUtcNow(), new SimulationOptions());
            var catalog = new SimulatedEnvironmentCatalog(seed);
            var aws = new SimulatedAwsOptions { OthersShare = othersShare };
            var limits = new SimulatedAwsLimits(aws, time, randomSeed: 20261202);
            using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
            using var meter = new CloudCallMeter(metrics.GetRequiredService<IMeterFactory>());
            IEcs ecs = new MeteredEcs(new LimitedEcs(new SimulatedEcs(world), limits), meter);
            ICloudWatch cloudWatch = new MeteredCloudWatch(new LimitedCloudWatch(new SimulatedCloudWatch(world), limits), meter);
            var polling = Options.Create(new PollingOptions { AwsShare = share });
            ILoadBalancing loadBalancing = new MeteredLoadBalancing(new LimitedLoadBalancing(new SimulatedLoadBalancing(world), limits), meter);
            await using var database = await DatabaseAsync(Path.Combine(directory, "portal.db"), time);
            var shelf = database.GetRequiredService<ITaskDefinitionShelf>();

            Console.WriteLine("Portal refresh benchmark");
            Console.WriteLine(FormattableString.Invariant(
                $"  .NET {Environment.Version}, {Environment.ProcessorCount} cores; {catalog.Environments.Count} environments × {servicesPerCluster * 4} services"));
            Console.WriteLine(FormattableString.Invariant(
                $"  simulated AWS: ECS {aws.EcsLatency.TotalMilliseconds:0} ms, CloudWatch {aws.CloudWatchLatency.TotalMilliseconds:0} ms median (spread {aws.LatencySpread}), throttling on, others use {othersShare:P0} of every bucket's refill"));
            Console.WriteLine(FormattableString.Invariant($"  poller share Polling:AwsShare = {share}; {intervalSeconds} s between refreshes"));
            Console.WriteLine();
            PrintBuckets(share);

            Dictionary<string, EnvironmentSnapshot>? caughtUp = null;
            if (cold)
            {
                var coldPace = Pace(time, polling);
                var coldPoller = new FleetPoller(ecs, cloudWatch, coldPace, shelf, time, polling, new TargetHealthReads(loadBalancing, coldPace, time, polling));
                await MeasureAsync("0. First start on an empty database (every task definition described)", coldPoller, catalog, [], meter, limits, share);
                await Task.Delay(TimeSpan.FromSeconds(intervalSeconds));
            }
            else
            {
                // A portal that ran before: every task definition in use is on the shelf.
                // Its snapshots (every service's tasks read) stand for a portal that kept running: see the last measurement.
                var everyTask = Options.Create(new PollingOptions { AwsShare = share, TaskReadsPerRefresh = 100_000 });
                var earlier = new FleetPoller(new SimulatedEcs(world), new SimulatedCloudWatch(world), ReadPace.Unlimited(time), shelf, time, everyTask);
                var read = await Task.WhenAll(catalog.Environments.Select(e => earlier.RefreshAsync(e, null, CancellationToken.None)));
                caughtUp = read.ToDictionary(s => s.Environment, StringComparer.Ordinal);
            }

            var pace = Pace(time, polling);
            var poller = new FleetPoller(ecs, cloudWatch, pace, shelf, time, polling, new TargetHealthReads(loadBalancing, pace, time, polling));
            var snapshots = new Dictionary<string, EnvironmentSnapshot>(StringComparer.Ordinal);
            await MeasureAsync("1. Restart: first refresh of a new poller on the same database", poller, catalog, snapshots, meter, limits, share);
            for (var run = 1; run <= runs; run++)
            {
                await Task.Delay(TimeSpan.FromSeconds(intervalSeconds));
                world.AdvanceTo(time.GetUtcNow());
                await MeasureAsync(FormattableString.Invariant($"{run + 1}. Steady refresh {run} of {runs}"), poller, catalog, snapshots, meter, limits, share);
            }

            if (caughtUp is not null)
            {
                // A poller that has read every service's tasks: a refresh reads tasks only for the services that changed since.
                var running = new FleetPoller(ecs, cloudWatch, Pace(time, polling), shelf, time, polling);
                await MeasureAsync("Steady state: a poller whose snapshots hold every service's tasks", running, catalog, caughtUp, meter, limits, share);
                await Task.Delay(TimeSpan.FromSeconds(intervalSeconds));
                world.AdvanceTo(time.GetUtcNow());
                await MeasureAsync("Steady state: its next refresh", running, catalog, caughtUp, meter, limits, share);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ReadPace Pace(TimeProvider time, IOptions<PollingOptions> polling) => new(time, polling, NullLogger<ReadPace>.Instance);

    private static async Task MeasureAsync(
        string title, FleetPoller poller, IEnvironmentCatalog catalog, Dictionary<string, EnvironmentSnapshot> snapshots,
        CloudCallMeter meter, SimulatedAwsLimits limits, double share)
    {
        var before = meter.Totals();
        var throttledBefore = limits.Throttled;
        var times = await Task.WhenAll(catalog.Environments.Select(async environment =>
        {
            var started = Stopwatch.GetTimestamp();
            var snapshot = await poller.RefreshAsync(environment, snapshots.GetValueOrDefault(environment.Name), CancellationToken.None);
            var took = Stopwatch.GetElapsedTime(started);
            lock (snapshots)
            {
                snapshots[environment.Name] = snapshot;
            }

            return (environment.Name, Took: took, Services: snapshot.Services.Count(), CloudWatch: snapshot.CloudWatch.LastError ?? "ok");
        }));

        // Every environment has the same fleet, so each makes the same calls: the totals divided by the environments.
        var environments = catalog.Environments.Count;
        var calls = meter.Totals()
            .GroupBy(t => (t.Key.Service, t.Key.Operation))
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Value - before.GetValueOrDefault(t.Key)) / (double)environments);
        var limit = RefreshLimit.Of((service, operation) => (long)Math.Round(calls.GetValueOrDefault((service, operation))), share);

        Console.WriteLine(title);
        foreach (var (name, took, services, cloudWatch) in times)
        {
            var ratio = limit > TimeSpan.Zero ? took / limit : double.NaN;
            Console.WriteLine(FormattableString.Invariant(
                $"   {name,-6} {took.TotalSeconds,6:0.00} s   limit {limit.TotalSeconds,6:0.00} s   ratio {ratio,5:0.00}   {services} services, CloudWatch {cloudWatch}"));
        }

        Console.WriteLine(FormattableString.Invariant($"   throttled calls: {limits.Throttled - throttledBefore}"));
        var read = snapshots.Values.Sum(s => s.Services.Count(x => x.Tasks.ReadAt == s.TakenAt));
        var due = snapshots.Values.Sum(s => s.Services.Count(x => x.Tasks.Due));
        Console.WriteLine(FormattableString.Invariant(
            $"   task calls per environment: ListTasks {calls.GetValueOrDefault(("ecs", "ListTasks")):0.#}, DescribeTasks {calls.GetValueOrDefault(("ecs", "DescribeTasks")):0.#}; services whose tasks were read {read / (double)environments:0.#}, still due {due / (double)environments:0.#}"));
        Console.WriteLine(FormattableString.Invariant(
            $"   DescribeTargetHealth calls per refresh: {calls.GetValueOrDefault((MeteredLoadBalancing.Service, "DescribeTargetHealth")):0.#} per environment, {calls.GetValueOrDefault((MeteredLoadBalancing.Service, "DescribeTargetHealth")) * environments:0} in all"));
        Console.WriteLine("   calls per environment: " + string.Join(", ", calls
            .Where(c => c.Value > 0)
            .OrderBy(c => c.Key.Service, StringComparer.Ordinal).ThenBy(c => c.Key.Operation, StringComparer.Ordinal)
            .Select(c => FormattableString.Invariant($"{c.Key.Operation} {c.Value:0.#}"))));
        Console.WriteLine();
    }

    private static void PrintBuckets(double share)
    {
        Console.WriteLine("AWS buckets (burst / refill per second) and the poller's share of them:");
        foreach (var family in new[]
        {
            AwsRateFamilies.EcsClusterRead, AwsRateFamilies.EcsServiceRead, AwsRateFamilies.EcsTaskDefinitionRead, AwsRateFamilies.EcsTaskRead,
            AwsRateFamilies.CloudWatchGetMetricData, AwsRateFamilies.CloudWatchDescribeAlarms, AwsRateFamilies.ElbDescribe,
        })
        {
            Console.WriteLine(FormattableString.Invariant(
                $"   {family,-28} {family.Capacity,5:0} / {family.RefillPerSecond,4:0}   poller {Math.Max(1, family.Capacity * share),6:0.#} / {family.RefillPerSecond * share,5:0.#}"));
        }

        Console.WriteLine();
    }

    private static async Task<ServiceProvider> DatabaseAsync(string path, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = DatabaseOptions.Sqlite,
            ["Database:ConnectionString"] = new SqliteConnectionStringBuilder { DataSource = path }.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(time).AddPortalDatabase(configuration).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        return services;
    }
}
