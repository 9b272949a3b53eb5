using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.History;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.DeployBenchmark;

/// <summary>
/// Timeline pages over a large history on a SQLite file: seeds archived events and deployments
/// spread over a year, three environments and 40 services, then times filtered pages.
/// </summary>
internal static class HistoryBenchmark
{
    private static readonly string[] Environments = ["dev", "stage", "prod"];
    private const int Services = 40;

    public static async Task RunAsync(int events, int deployments, int runs)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-history-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var portal = new WebApplicationFactory<FleetView>().WithWebHostBuilder(host =>
            {
                host.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(directory, "portal.db")}");
                host.UseEnvironment("Production");
            });
            var services = portal.Services;
            var contexts = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var seeding = Stopwatch.GetTimestamp();
            await SeedAsync(contexts, events, deployments);
            Console.WriteLine("Portal history benchmark");
            Console.WriteLine(FormattableString.Invariant(
                $"  .NET {Environment.Version}, {Environment.ProcessorCount} cores; SQLite file; {events} archived events, {deployments} deployments (each with its ECS service deployment, plus one in ten made outside the portal) and {AlarmChanges} alarm changes seeded in {Stopwatch.GetElapsedTime(seeding).TotalSeconds:0.0} s"));
            Console.WriteLine(FormattableString.Invariant($"  Median of {runs} runs, 50 rows a page:"));

            var reader = services.GetRequiredService<TimelineReader>();
            await MeasureAsync(reader, runs, "one environment + one service, first page", new TimelineQuery { Environment = "prod", Service = "service-07" });
            await MeasureAsync(reader, runs, "one environment, first page", new TimelineQuery { Environment = "prod" });
            await MeasureAsync(reader, runs, "all environments, first page", new TimelineQuery());
            await MeasureAsync(reader, runs, "one environment + one service, 10th page", new TimelineQuery { Environment = "prod", Service = "service-07" }, pages: 10);
            await MeasureAsync(reader, runs, "one environment, 10th page", new TimelineQuery { Environment = "prod" }, pages: 10);
            await MeasureAsync(reader, runs, "one environment, folded, first page", new TimelineQuery { Environment = "prod", Fold = true });
            await MeasureAsync(reader, runs, "one environment, folded, 10th page", new TimelineQuery { Environment = "prod", Fold = true }, pages: 10);
            await MeasureAsync(reader, runs, "one environment, deploys only, failed", new TimelineQuery { Environment = "prod", Outcome = "failed" });
            await MeasureAsync(reader, runs, "one environment, deploys outside the portal", new TimelineQuery { Environment = "prod", Kind = TimelineKind.EcsDeployment });
            await MeasureFiguresAsync(services.GetRequiredService<FiguresReader>(), runs);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task MeasureAsync(TimelineReader reader, int runs, string label, TimelineQuery query, int pages = 1)
    {
        // The continuation of the page before the one timed, found once outside the timing.
        var after = (string?)null;
        for (var page = 1; page < pages; page++)
        {
            after = (await reader.ReadAsync(query with { After = after }, Environments, CancellationToken.None)).Next;
        }

        await reader.ReadAsync(query with { After = after }, Environments, CancellationToken.None);
        var latencies = new List<double>();
        var rows = 0;
        for (var run = 0; run < runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await reader.ReadAsync(query with { After = after }, Environments, CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            rows = result.Items.Count;
        }

        latencies.Sort();
        Console.WriteLine(FormattableString.Invariant($"   {label,-45} median {latencies[latencies.Count / 2],7:0.0} ms  ({rows} rows)"));
    }

    private static async Task MeasureFiguresAsync(FiguresReader figures, int runs)
    {
        var to = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var latencies = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            await figures.ReadAsync("prod", to.AddDays(-30), to, Environments, CancellationToken.None);
            if (run > 0)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        latencies.Sort();
        Console.WriteLine(FormattableString.Invariant($"   {"delivery figures, one environment, 30 days",-45} median {latencies[latencies.Count / 2],7:0.0} ms"));
    }

    private const int AlarmChanges = 5_000;

    private static async Task SeedAsync(IDbContextFactory<PortalDbContext> contexts, int events, int deployments)
    {
        var start = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(6);
        const int Batch = 10_000;
        for (var offset = 0; offset < events; offset += Batch)
        {
            await using var context = await contexts.CreateDbContextAsync();
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            context.ArchivedServiceEvents.AddRange(Enumerable.Range(offset, Math.Min(Batch, events - offset)).Select(i => new ArchivedServiceEvent
            {
                Environment = Environments[i % Environments.Length],
                Cluster = Environments[i % Environments.Length] + "-api",
                Service = "service-" + (i / 3 % Services).ToString("00", CultureInfo.InvariantCulture),
                EventId = "event-" + i.ToString(CultureInfo.InvariantCulture),
                CreatedAt = start.AddSeconds(random.Next(0, 365 * 24 * 3600)),
                Message = "(service bench) has reached a steady state.",
                Class = "SteadyState",
            }));
            await context.SaveChangesAsync();
        }

        for (var offset = 0; offset < deployments; offset += Batch)
        {
            await using var context = await contexts.CreateDbContextAsync();
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            var ledger = Enumerable.Range(offset, Math.Min(Batch, deployments - offset)).Select(i =>
            {
                var at = start.AddSeconds(random.Next(0, 365 * 24 * 3600));
                return new Deployment
                {
                    Id = Guid.NewGuid(),
                    Kind = i % 20 == 0 ? DeploymentKinds.Rollback : DeploymentKinds.Deploy,
                    Source = DeploymentSources.Ci,
                    Actor = "bench",
                    Environment = Environments[i % Environments.Length],
                    Cluster = Environments[i % Environments.Length] + "-api",
                    Service = "service-" + (i / 3 % Services).ToString("00", CultureInfo.InvariantCulture),
                    IdempotencyKey = "bench-" + i.ToString(CultureInfo.InvariantCulture),
                    FromTaskDefinition = "arn:aws:ecs:eu-west-1:1:task-definition/bench:1",
                    ToTaskDefinition = "arn:aws:ecs:eu-west-1:1:task-definition/bench:2",
                    Image = "repo/bench:1",
                    Status = i % 10 == 0 ? DeploymentStatus.Failed : DeploymentStatus.Completed,
                    RequestedAt = at,
                    UpdatedServiceAt = at.AddSeconds(2),
                    FinishedAt = at.AddMinutes(6),
                    EcsDeploymentId = "ecs-svc/" + i.ToString(CultureInfo.InvariantCulture),
                };
            }).ToList();
            context.Deployments.AddRange(ledger);

            // ECS's record of each of them, and every tenth service one more made outside the portal.
            context.ArchivedServiceDeployments.AddRange(ledger.SelectMany((d, n) =>
            {
                var same = EcsRecord(d.Environment, d.Cluster, d.Service, d.EcsDeploymentId!, d.UpdatedServiceAt!.Value);
                same.LedgerDeploymentId = d.Id;
                return n % 10 == 0
                    ? [same, EcsRecord(d.Environment, d.Cluster, d.Service, d.EcsDeploymentId + "-outside", d.RequestedAt.AddHours(-5))]
                    : new[] { same };
            }));
            await context.SaveChangesAsync();
        }

        await using (var context = await contexts.CreateDbContextAsync())
        {
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            context.ArchivedAlarmChanges.AddRange(Enumerable.Range(0, AlarmChanges).Select(i => new ArchivedAlarmChange
            {
                Environment = Environments[i / 2 % Environments.Length],
                Cluster = Environments[i / 2 % Environments.Length] + "-api",
                Service = "service-" + (i / 6 % Services).ToString("00", CultureInfo.InvariantCulture),
                AlarmName = "cpu-critical-" + (i / 6 % Services).ToString("00", CultureInfo.InvariantCulture),
                State = i % 2 == 0 ? "ALARM" : "OK",
                Severity = "Critical",
                MetricName = "CPUUtilization",
                Threshold = 90,
                ChangedAt = start.AddMinutes((i / 2 * 100) + (i % 2 * 20)),
            }));
            await context.SaveChangesAsync();
        }
    }

    private static ArchivedServiceDeployment EcsRecord(string environment, string cluster, string service, string id, DateTimeOffset at) => new()
    {
        Environment = environment,
        Cluster = cluster,
        Service = service,
        ServiceDeploymentArn = $"arn:aws:ecs:eu-west-1:1:service-deployment/{cluster}/{service}/{id}",
        EcsDeploymentId = id,
        CreatedAt = at,
        StartedAt = at,
        FinishedAt = at.AddMinutes(6),
        Status = "SUCCESSFUL",
        LastCheckedAt = at.AddMinutes(6),
    };
}
