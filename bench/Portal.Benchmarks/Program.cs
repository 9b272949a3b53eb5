using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using Portal.Benchmarks;
using Portal.Client.Fleet;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using Portal.Client;

// Usage: dotnet run -c Release --project bench/Portal.Benchmarks [-- --runs 7 --warmups 2 --world-runs 3 --services-per-cluster 250]
var settings = BenchmarkSettings.Parse(args);
var output = Console.Out;
var total = Stopwatch.StartNew();

output.WriteLine("Portal benchmark");
output.WriteLine(FormattableString.Invariant(
    $"  .NET {Environment.Version}, {Environment.ProcessorCount} cores, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}"));
#if DEBUG
output.WriteLine("  WARNING: Debug build; run with -c Release for meaningful numbers.");
#endif
output.WriteLine(FormattableString.Invariant(
    $"  fleet: {settings.Environments} environments x {settings.ClustersPerEnvironment} clusters x {settings.ServicesPerCluster} services; {settings.WarmUps} warm-up + {settings.Runs} measured runs (world: 1 + {settings.WorldRuns})"));
output.WriteLine();

// The seed goes through the seed loader, so it is as valid as the shipped one.
var seed = SyntheticOrganization.RoundTrip(SyntheticOrganization.Build(settings.Environments, settings.ClustersPerEnvironment, settings.ServicesPerCluster));
var start = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
var simulation = new SimulationOptions();

// 1. World construction.
SimulatedWorld world = null!;
var worldSamples = await Samples.MeasureAsync("World construction", 1, settings.WorldRuns, _ =>
{
    world = new SimulatedWorld(seed, start, simulation);
    return Task.CompletedTask;
}, between: () =>
{
    world = null!;
    FullCollect();
    return Task.CompletedTask;
});
var worldServices = world.Services.Count();
var worldAlarms = world.Accounts.Sum(a => a.Alarms.Count);
FullCollect();
var heapAfterWorld = GC.GetTotalMemory(forceFullCollection: true);

// 2. Refreshes through the real poller, over the metered simulated cloud.
var clock = new BenchmarkClock(start);
using var metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
using var meter = new CloudCallMeter(metrics.GetRequiredService<IMeterFactory>());
var cloudTimer = new CloudTimer();
var ecs = new MeteredEcs(new TimedEcs(new SimulatedEcs(world), cloudTimer), meter);
var cloudWatch = new MeteredCloudWatch(new TimedCloudWatch(new SimulatedCloudWatch(world), cloudTimer), meter);
var polling = Options.Create(new PollingOptions());
var catalog = new SimulatedEnvironmentCatalog(seed);
var store = new FleetStore();

FleetPoller poller = null!;
var firstCalls = new Dictionary<string, long>(StringComparer.Ordinal);
var firstCloud = new List<Dictionary<string, double>>();
var firstSamples = await Samples.MeasureAsync("First refresh (all environments)", settings.WarmUps, settings.Runs, async run =>
{
    // A new poller has an empty task definition cache, as after a restart.
    poller = new FleetPoller(ecs, cloudWatch, ReadPace.Unlimited(clock), NoTaskDefinitionShelf.Instance, clock, polling);
    var before = meter.Totals();
    var cloudBefore = cloudTimer.Totals();
    foreach (var environment in catalog.Environments)
    {
        store.Publish(environment.Name, await poller.RefreshAsync(environment, null, CancellationToken.None), clock.GetUtcNow());
    }

    firstCalls = CallCounts.Delta(before, meter.Totals());
    if (run >= settings.WarmUps)
    {
        firstCloud.Add(CloudTimer.Delta(cloudBefore, cloudTimer.Totals()));
    }
});
var firstMinimum = CallCounts.Minimum(catalog.Environments.Select(e => store.Get(e.Name).Snapshot!).ToList(), world, describedBefore: new HashSet<string>(StringComparer.Ordinal));

var steadyCalls = new Dictionary<string, long>(StringComparer.Ordinal);
var steadyMinimum = new Dictionary<string, long>(StringComparer.Ordinal);
var steadyCloud = new List<Dictionary<string, double>>();
var steadySamples = await Samples.MeasureAsync("Steady refresh (all environments)", settings.WarmUps, settings.Runs, async run =>
{
    var described = store.SnapshotsOf(catalog).SelectMany(s => s.Services).Select(s => s.TaskDefinition.Arn).ToHashSet(StringComparer.Ordinal);
    var before = meter.Totals();
    var cloudBefore = cloudTimer.Totals();
    foreach (var environment in catalog.Environments)
    {
        var snapshot = await poller.RefreshAsync(environment, store.Get(environment.Name).Snapshot, CancellationToken.None);
        store.Publish(environment.Name, snapshot, clock.GetUtcNow());
    }

    steadyCalls = CallCounts.Delta(before, meter.Totals());
    steadyMinimum = CallCounts.Minimum(store.SnapshotsOf(catalog), world, described);
    if (run >= settings.WarmUps)
    {
        steadyCloud.Add(CloudTimer.Delta(cloudBefore, cloudTimer.Totals()));
    }
}, between: () =>
{
    // One polling interval passes between two refreshes, as in the running portal (not measured).
    clock.Advance(polling.Value.Interval);
    world.AdvanceTo(clock.GetUtcNow());
    return Task.CompletedTask;
});

// 5. Memory with the world and every environment's snapshot held (measured before rendering adds its own).
FullCollect();
var heapAfterFleet = GC.GetTotalMemory(forceFullCollection: true);
var workingSetAfterFleet = Environment.WorkingSet;

// 4. Server render of the pages, as a prerender would do it.
using var fleetView = new FleetView(store, catalog, clock, polling, Options.Create(new HealthThresholds()));
var renderServices = new ServiceCollection();
renderServices.AddLogging();
renderServices.AddSingleton<IFleetView>(fleetView);
renderServices.AddSingleton<TimeProvider>(clock);
renderServices.AddScoped<NavigationManager, BenchmarkNavigationManager>();
renderServices.AddScoped<IJSRuntime, NoOpJSRuntime>();
renderServices.AddSupplyValueFromQueryProvider();
renderServices.AddPortalClient();
await using var renderProvider = renderServices.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

var renderedEnvironment = catalog.Environments[^1].Name;
var environmentServices = store.Get(renderedEnvironment).Snapshot!.Services.Count();
// Each run moves the clock past the view's reuse window, so it measures a full health evaluation:
// the cost the first reader pays after a refresh. Later readers within the window reuse it.
var findSamples = await Samples.MeasureAsync("FleetView.Find (one environment)", settings.WarmUps, settings.Runs, _ =>
{
    clock.Advance(TimeSpan.FromSeconds(5));
    if (fleetView.Find(renderedEnvironment) is null)
    {
        throw new InvalidOperationException("The rendered environment is missing.");
    }

    return Task.CompletedTask;
});

var environmentHtml = 0;
var environmentSamples = await Samples.MeasureAsync("EnvironmentPage render", settings.WarmUps, settings.Runs, async _ =>
    environmentHtml = (await RenderAsync<EnvironmentPage>(renderProvider, new Dictionary<string, object?> { ["Environment"] = renderedEnvironment })).Length);

var overviewHtml = 0;
var overviewSamples = await Samples.MeasureAsync("FleetOverviewPage render", settings.WarmUps, settings.Runs, async _ =>
    overviewHtml = (await RenderAsync<FleetOverviewPage>(renderProvider, [])).Length);

// The renders must be the real pages: a grid page of services, and the matrix's first rows (the rest are
// virtualized: drawn only as they scroll into view once the page is live).
var environmentPage = await RenderAsync<EnvironmentPage>(renderProvider, new Dictionary<string, object?> { ["Environment"] = renderedEnvironment });
var overviewPage = await RenderAsync<FleetOverviewPage>(renderProvider, []);
var gridRows = Occurrences(environmentPage, "class=\"service-link\"");
var matrixRows = Occurrences(overviewPage, "<tr data-service=");
var serviceNames = store.SnapshotsOf(catalog).SelectMany(s => s.Services).Select(s => s.Name).Distinct(StringComparer.Ordinal).Count();
if (gridRows != Math.Min(25, environmentServices) || matrixRows == 0 || matrixRows > serviceNames
    || !overviewPage.Contains("needs-attention", StringComparison.Ordinal))
{
    throw new InvalidOperationException(FormattableString.Invariant(
        $"Unexpected render: {gridRows} grid rows on the environment page, {matrixRows} matrix rows for {serviceNames} services on the overview (or no needs-attention section)."));
}

// Report.
var snapshotServices = store.SnapshotsOf(catalog).SelectMany(s => s.Services).ToList();
output.WriteLine(FormattableString.Invariant(
    $"Fleet: {worldServices:N0} services, {worldAlarms:N0} alarms, {world.Accounts.Sum(a => a.TaskDefinitions.Values.Sum(r => r.Count)):N0} task definition revisions in the world"));
output.WriteLine(FormattableString.Invariant(
    $"  last snapshots: {snapshotServices.Count:N0} services, {snapshotServices.Sum(s => s.Alarms.Count):N0} alarms ({snapshotServices.Sum(s => s.Alarms.Count(a => a.IsInAlarm)):N0} in ALARM), {snapshotServices.Sum(s => s.Events.Count):N0} events"));
output.WriteLine(FormattableString.Invariant(
    $"  health in '{renderedEnvironment}': {string.Join(", ", fleetView.Find(renderedEnvironment)!.CountByHealth().Select(c => $"{c.Value} {c.Key}"))}"));
output.WriteLine();

var timings = new TextTable("Timing (wall clock)", "median", "min", "max", "CPU median", "unit", "runs");
AddTiming(timings, "1. World construction (informational)", worldSamples, 1 / 1000.0, "s", "0.00");
AddTiming(timings, FormattableString.Invariant($"2. First refresh, {settings.Environments} environments"), firstSamples, 1, "ms", "0");
AddTiming(timings, FormattableString.Invariant($"2. Steady refresh, {settings.Environments} environments"), steadySamples, 1, "ms", "0");
AddTiming(timings, FormattableString.Invariant($"4. Health of '{renderedEnvironment}' evaluated, {environmentServices:N0} services"), findSamples, 1, "ms", "0.0");
AddTiming(timings, FormattableString.Invariant($"4. EnvironmentPage '{renderedEnvironment}', {environmentServices:N0} services"), environmentSamples, 1, "ms", "0.0");
AddTiming(timings, FormattableString.Invariant($"4. FleetOverviewPage, {snapshotServices.Count:N0} services"), overviewSamples, 1, "ms", "0.0");
timings.Write(output);
output.WriteLine(FormattableString.Invariant(
    $"   HTML: environment page {environmentHtml / 1024.0:0} KiB ({gridRows} grid rows), overview page {overviewHtml / 1024.0:0} KiB ({matrixRows:N0} of {serviceNames:N0} matrix rows drawn at first paint)"));
output.WriteLine();

output.WriteLine("2. Where a refresh's time goes: answering each operation in the simulated cloud, and the poller's own work");
var split = new TextTable("Part (median ms per refresh)", "first", "steady");
foreach (var operation in CallCounts.Operations)
{
    split.Add("  simulated " + operation, Format.Number(MedianOf(firstCloud, operation)), Format.Number(MedianOf(steadyCloud, operation)));
}

split.Separator();
split.Add("Simulated cloud, all operations", Format.Number(MedianOfTotals(firstCloud)), Format.Number(MedianOfTotals(steadyCloud)));
split.Add("Poller (refresh minus cloud)", Format.Number(PollerMedian(firstSamples, firstCloud)), Format.Number(PollerMedian(steadySamples, steadyCloud)));
split.Write(output);
output.WriteLine();

output.WriteLine("3. Read calls per refresh of all environments (actual vs minimum)");
var calls = new TextTable("Operation", "first", "min", "ratio", "steady", "min", "ratio");
foreach (var operation in CallCounts.Operations.Union(firstCalls.Keys).Union(steadyCalls.Keys))
{
    AddCalls(calls, operation, firstCalls.GetValueOrDefault(operation), firstMinimum.GetValueOrDefault(operation),
        steadyCalls.GetValueOrDefault(operation), steadyMinimum.GetValueOrDefault(operation));
}

calls.Separator();
AddCalls(calls, "Total", firstCalls.Values.Sum(), firstMinimum.Values.Sum(), steadyCalls.Values.Sum(), steadyMinimum.Values.Sum());
calls.Write(output);
var failures = meter.Totals().Where(t => t.Key.Outcome != "success").ToList();
output.WriteLine(failures.Count == 0
    ? "   Every call succeeded."
    : "   FAILED calls: " + string.Join(", ", failures.Select(f => FormattableString.Invariant($"{f.Key.Service}:{f.Key.Operation} {f.Key.Outcome} x{f.Value}"))));
output.WriteLine();

output.WriteLine("5. Memory");
var memory = new TextTable("Measure", "MB");
memory.Add("Managed heap after world construction", Format.Megabytes(heapAfterWorld));
memory.Add("Managed heap with world + fleet loaded", Format.Megabytes(heapAfterFleet));
memory.Add("Working set with world + fleet loaded", Format.Megabytes(workingSetAfterFleet));
memory.Write(output);
output.WriteLine();
output.WriteLine(FormattableString.Invariant($"Total benchmark time: {total.Elapsed.TotalSeconds:0} s"));
return 0;

static void FullCollect()
{
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
}

static async Task<string> RenderAsync<TComponent>(IServiceProvider provider, Dictionary<string, object?> parameters)
    where TComponent : IComponent
{
    // A scope per render, like a request: scoped services (navigation, the component library's) start afresh.
    await using var scope = provider.CreateAsyncScope();
    await using var renderer = new HtmlRenderer(scope.ServiceProvider, NullLoggerFactory.Instance);
    return await renderer.Dispatcher.InvokeAsync(async () =>
    {
        var root = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
        return root.ToHtmlString();
    });
}

static int Occurrences(string text, string value)
{
    var count = 0;
    for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
    {
        count++;
    }

    return count;
}

static void AddTiming(TextTable table, string name, Samples samples, double scale, string unit, string format) =>
    table.Add(name, Format.Number(samples.Median * scale, format), Format.Number(samples.Min * scale, format),
        Format.Number(samples.Max * scale, format), Format.Number(samples.CpuMedian * scale, format), unit,
        samples.Values.Count.ToString(CultureInfo.InvariantCulture));

static void AddCalls(TextTable table, string operation, long first, long firstMinimum, long steady, long steadyMinimum) =>
    table.Add(operation, Format.Count(first), Format.Count(firstMinimum), Ratio(first, firstMinimum),
        Format.Count(steady), Format.Count(steadyMinimum), Ratio(steady, steadyMinimum));

static double MedianOf(List<Dictionary<string, double>> runs, string operation) =>
    Samples.MedianOf(runs.Select(r => r.GetValueOrDefault(operation)));

static double MedianOfTotals(List<Dictionary<string, double>> runs) =>
    Samples.MedianOf(runs.Select(r => r.Values.Sum()));

static double PollerMedian(Samples refreshes, List<Dictionary<string, double>> cloud) =>
    Samples.MedianOf(refreshes.Values.Zip(cloud, (total, run) => total - run.Values.Sum()));

static string Ratio(long actual, long minimum) =>
    minimum == 0 ? (actual == 0 ? "-" : "n/a") : Format.Number((double)actual / minimum, "0.00");
