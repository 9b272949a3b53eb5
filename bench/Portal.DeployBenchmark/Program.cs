using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Shared.Deployments;

// Usage: dotnet run -c Release --project bench/Portal.DeployBenchmark [-- --deploys 40 --ledger-rows 2000 --runs 3]
// Figures for the deploy engine: how long a click takes to reach ECS's UpdateService on the simulated
// organization (every guard and ledger write included), and how many ledger rows SQLite takes per second.
// With --history [--events 100000 --deployments 10000 --runs 7]: timeline page latency over a large history instead.
// With --auth [--clients 50 --requests 5000 --runs 3]: GET throughput with an API token against a session cookie instead.
// With --refresh [--services-per-cluster 250 --runs 3 --share 50 --others 25 --interval 15 --cold]: fleet refreshes against
// simulated AWS latency and throttling, beside the limit the buckets allow (share and others in percent).
if (args.Contains("--refresh"))
{
    await Portal.DeployBenchmark.RefreshBenchmark.RunAsync(Argument("--services-per-cluster", 250), Argument("--runs", 3),
        Argument("--share", 50) / 100.0, Argument("--others", 25) / 100.0, Argument("--interval", 15), args.Contains("--cold"));
    return;
}

// With --viewers [--count 50 --minutes 3]: memory and database commands per minute with pages open instead.
if (args.Contains("--viewers"))
{
    await Portal.DeployBenchmark.ViewerBenchmark.RunAsync(Argument("--count", 50), Argument("--minutes", 3));
    return;
}

// With --instances [--kills 5 --window 30]: AWS calls per minute with one and two portal processes on one PostgreSQL, and failover time.
if (args.Contains("--instances"))
{
    await Portal.DeployBenchmark.InstancesBenchmark.RunAsync(Argument("--kills", 5), Argument("--window", 30));
    return;
}

if (args.Contains("--auth"))
{
    await Portal.DeployBenchmark.AuthBenchmark.RunAsync(Argument("--clients", 50), Argument("--requests", 5000), Argument("--runs", 3));
    return;
}

if (args.Contains("--history"))
{
    await Portal.DeployBenchmark.HistoryBenchmark.RunAsync(Argument("--events", 100_000), Argument("--deployments", 10_000), Argument("--runs", 7));
    return;
}

var deploys = Argument("--deploys", 40);
var ledgerRows = Argument("--ledger-rows", 2000);
var runs = Argument("--runs", 3);
var directory = Path.Combine(Path.GetTempPath(), "portal-deploy-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(directory);

try
{
    await using var portal = new WebApplicationFactory<FleetView>().WithWebHostBuilder(host =>
    {
        host.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(directory, "portal.db")}");
        host.UseSetting("Simulation:Speed", "60");
        host.UseSetting("Polling:Interval", "00:00:01");
        host.UseSetting("Deployments:FollowInterval", "00:00:00.500");
        host.UseEnvironment("Production");
    });
    var services = portal.Services;
    await WaitForFleetAsync(services);

    Console.WriteLine("Portal deploy benchmark");
    Console.WriteLine(FormattableString.Invariant($"  .NET {Environment.Version}, {Environment.ProcessorCount} cores; SQLite file in {Path.GetTempPath()}"));
    Console.WriteLine();

    var latencies = await ClickToUpdateServiceAsync(services, deploys);
    Console.WriteLine(FormattableString.Invariant($"1. Click → UpdateService (simulated organization, {latencies.Count} deploys of different services)"));
    Console.WriteLine(FormattableString.Invariant($"   median {Percentile(latencies, 0.5):0.0} ms, p95 {Percentile(latencies, 0.95):0.0} ms, min {latencies.Min():0.0} ms, max {latencies.Max():0.0} ms"));
    Console.WriteLine();

    Console.WriteLine(FormattableString.Invariant($"2. Ledger writes on SQLite ({ledgerRows} rows per run, {runs} runs; median)"));
    var sequential = new List<double>();
    var parallel = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        sequential.Add(await LedgerWritesPerSecondAsync(services, ledgerRows, writers: 1));
        parallel.Add(await LedgerWritesPerSecondAsync(services, ledgerRows, writers: 8));
    }

    Console.WriteLine(FormattableString.Invariant($"   one writer:    {Percentile(sequential, 0.5):0} rows/s"));
    Console.WriteLine(FormattableString.Invariant($"   eight writers: {Percentile(parallel, 0.5):0} rows/s"));
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

static async Task<List<double>> ClickToUpdateServiceAsync(IServiceProvider services, int count)
{
    var fleet = services.GetRequiredService<FleetView>();
    var targets = fleet.Environments.Where(e => !e.IsProtected)
        .SelectMany(e => fleet.Find(e.Name)!.Services.Select(s => (e.Name, s.Service.Cluster, s.Service.Name)))
        .Take(count)
        .ToList();
    var builds = services.GetRequiredService<BuildCatalog>();
    var latencies = new List<double>();
    foreach (var (environment, cluster, service) in targets)
    {
        var build = (await builds.AnnounceAsync(service, $"123456789012.dkr.ecr.eu-west-1.amazonaws.com/{service}:{Guid.NewGuid().ToString("N")[..7]}",
            "abc1234", "Benchmark build", "bench", null, "bench", CancellationToken.None)).Build;
        using var scope = AdministratorScope(services);
        var deployments = scope.ServiceProvider.GetRequiredService<IDeployments>();
        var started = Stopwatch.GetTimestamp();
        var result = await deployments.DeployAsync(new DeployCommand(environment, cluster, service, DeployTarget.Build(build.Id), Guid.NewGuid().ToString("N")));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (result.Accepted)
        {
            latencies.Add(elapsed);
        }
    }

    return latencies;
}

static async Task<double> LedgerWritesPerSecondAsync(IServiceProvider services, int rows, int writers)
{
    var ledger = services.GetRequiredService<DeploymentLedger>();
    var started = Stopwatch.GetTimestamp();
    await Parallel.ForEachAsync(Enumerable.Range(0, rows), new ParallelOptions { MaxDegreeOfParallelism = writers }, async (i, token) =>
        await ledger.RecordAsync(new Deployment
        {
            Id = Guid.CreateVersion7(),
            Kind = DeploymentKinds.Deploy,
            Source = DeploymentSources.Api,
            Actor = "bench",
            Environment = "bench",
            Cluster = "bench-api",
            Service = "service-" + (i % 50).ToString(CultureInfo.InvariantCulture),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            FromTaskDefinition = "arn:aws:ecs:eu-west-1:1:task-definition/bench:1",
            ToTaskDefinition = "arn:aws:ecs:eu-west-1:1:task-definition/bench:2",
            Image = "repo/bench:1",
            Status = DeploymentStatus.Completed,
            RequestedAt = DateTimeOffset.UtcNow,
        }, DateTimeOffset.UtcNow, token));
    return rows / Stopwatch.GetElapsedTime(started).TotalSeconds;
}

static IServiceScope AdministratorScope(IServiceProvider services)
{
    var identity = new SignedInIdentity("token", DateTimeOffset.UtcNow.AddHours(8),
        new[] { "dev", "stage", "prod" }.Select(e => new RoleAssignment("000000000000", e, e, "Administrator")).ToList());
    var scope = services.CreateScope();
    scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(
        new DefaultHttpContext { User = SignInClaims.Create(new PersonName("bench", "Benchmark"), identity, "bench-session") });
    return scope;
}

static async Task WaitForFleetAsync(IServiceProvider services)
{
    var fleet = services.GetRequiredService<FleetView>();
    var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
    while (fleet.Environments.Any(e => fleet.Find(e.Name)?.Freshness.HasSnapshot != true) && DateTimeOffset.UtcNow < deadline)
    {
        await Task.Delay(100);
    }
}

static double Percentile(IReadOnlyList<double> values, double percentile)
{
    var sorted = values.Order().ToArray();
    var index = (int)Math.Ceiling(percentile * sorted.Length) - 1;
    return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
}

int Argument(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
