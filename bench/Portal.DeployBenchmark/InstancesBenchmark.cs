using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Aws;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.DeployBenchmark;

/// <summary>
/// Several instances on one PostgreSQL against one shared cloud (the tests' fake AWS endpoint):
/// AWS read calls per minute with one instance and with two, and how long the survivor takes to
/// poll after the lease holder is killed.
/// </summary>
internal static class InstancesBenchmark
{
    private const string Dev = "111111111111";
    private const string Stage = "222222222222";
    private const string DevLease = "Took the lease environment:dev";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task RunAsync(int kills, int windowSeconds)
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDPORTALTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "portal-test-secret");
        var postgres = new PostgresServer();
        await postgres.InitializeAsync();
        await using var aws = await FakeAws.StartAsync();
        aws.Fleet[Dev] = new() { ["dev-api"] = Enumerable.Range(1, 12).Select(i => $"service-{i:00}").ToList() };
        aws.Fleet[Stage] = new() { ["stage-api"] = Enumerable.Range(1, 6).Select(i => $"service-{i:00}").ToList() };
        var database = await postgres.CreateDatabaseAsync("bench");
        var processes = new List<PortalProcess>();
        try
        {
            Console.WriteLine("Portal instances benchmark");
            Console.WriteLine(FormattableString.Invariant(
                $"  .NET {Environment.Version}, {Environment.ProcessorCount} cores; PostgreSQL on loopback; fake AWS with 2 environments, 18 services; poll interval {PollInterval.TotalSeconds:0} s"));
            Console.WriteLine();

            processes.Add(PortalProcess.Start(Settings(database, aws)));
            await using var data = database.BuildServices(TimeProvider.System);
            var token = await ReadyAsync(processes[0], data, token: null);
            await EventuallyAsync(async () => await RefreshedAtAsync(processes[0], token) is not null, "the first snapshot");
            var alone = await ReadCallsPerMinuteAsync(aws, TimeSpan.FromSeconds(windowSeconds));

            processes.Add(PortalProcess.Start(Settings(database, aws)));
            await ReadyAsync(processes[1], data, token);
            await EventuallyAsync(async () => await RefreshedAtAsync(processes[1], token) is not null, "the second instance's first snapshot");
            var together = await ReadCallsPerMinuteAsync(aws, TimeSpan.FromSeconds(windowSeconds));

            Console.WriteLine(FormattableString.Invariant($"1. AWS read calls per minute at the endpoint ({windowSeconds} s each)"));
            Console.WriteLine(FormattableString.Invariant($"   one instance:  {alone:0}"));
            Console.WriteLine(FormattableString.Invariant($"   two instances: {together:0} ({together / alone:0.00}×)"));
            Console.WriteLine();

            var firstCalls = new List<double>();
            var takeovers = new List<double>();
            for (var kill = 0; kill < kills; kill++)
            {
                var holder = processes.Single(p => !p.HasExited && p.Output.Contains(DevLease, StringComparison.Ordinal) && processes.Count(q => !q.HasExited) == 2);
                var survivor = processes.Single(p => !p.HasExited && p != holder);
                var killedAt = DateTimeOffset.UtcNow;
                var stopwatch = Stopwatch.StartNew();
                holder.Kill();
                var exitedAt = aws.Now;
                await EventuallyAsync(async () => await RefreshedAtAsync(survivor, token) > killedAt, "the survivor's first snapshot");
                takeovers.Add(stopwatch.Elapsed.TotalSeconds);

                // Only the survivor calls AWS once the holder has exited.
                firstCalls.Add((aws.Requests.Where(r => r.ReceivedAt > exitedAt).Min(r => r.ReceivedAt) - exitedAt).TotalSeconds);

                // A fresh instance replaces the killed one, for the next kill.
                var replacement = PortalProcess.Start(Settings(database, aws));
                processes.Add(replacement);
                await ReadyAsync(replacement, data, token);
                await EventuallyAsync(async () => await RefreshedAtAsync(replacement, token) is not null, "the replacement's first snapshot");
            }

            Console.WriteLine(FormattableString.Invariant($"2. Lease holder killed ({kills} kills)"));
            Print("the survivor's first AWS call", firstCalls);
            Print("a snapshot it read, on its API", takeovers);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            await postgres.DisposeAsync();
        }
    }

    private static void Print(string what, List<double> seconds)
    {
        seconds.Sort();
        var median = seconds[seconds.Count / 2];
        Console.WriteLine(FormattableString.Invariant(
            $"   {what}: median {median:0.0} s ({median / PollInterval.TotalSeconds:0.00} poll intervals), min {seconds[0]:0.0} s, max {seconds[^1]:0.0} s"));
    }

    private static Dictionary<string, string> Settings(PostgresTestDatabase database, FakeAws aws)
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = DatabaseOptions.PostgreSql,
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Cloud__Mode"] = "Aws",
            ["AWS_ENDPOINT_URL"] = aws.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDPORTALTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "portal-test-secret",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Aws__IdentityCenter__StartUrl"] = "https://example-org.awsapps.com/start",
            ["Aws__IdentityCenter__Region"] = FakeAws.Region,
            ["Polling__Interval"] = PollInterval.ToString(),
            ["Polling__StaleAfter"] = "00:01:00",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Portal.Server.Instances"] = "Information",
        };
        foreach (var (index, name, account) in new[] { ("0", "dev", Dev), ("1", "stage", Stage) })
        {
            settings[$"Aws__Environments__{index}__Name"] = name;
            settings[$"Aws__Environments__{index}__AccountId"] = account;
            settings[$"Aws__Environments__{index}__Region"] = FakeAws.Region;
            settings[$"Aws__Environments__{index}__ReadRoleArn"] = $"arn:aws:iam::{account}:role/PortalReadOnly";
        }

        return settings;
    }

    /// <summary>Waits until the instance answers; the first time (the schema now exists) makes a viewing token.</summary>
    private static async Task<string> ReadyAsync(PortalProcess portal, IServiceProvider data, string? token)
    {
        using var probe = portal.Client();
        await EventuallyAsync(async () =>
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the instance to answer");
        if (token is not null)
        {
            return token;
        }

        var created = await data.GetRequiredService<ApiTokenStore>().CreateAsync(
            "bench", new TokenScopes(["dev", "stage"], ["*"], ["view"]), "bench", DateTimeOffset.UtcNow.AddDays(1));
        return created.Secret;
    }

    private static async Task<DateTimeOffset?> RefreshedAtAsync(PortalProcess portal, string token)
    {
        using var api = portal.Client(token);
        using var document = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        var dev = document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "dev").GetProperty("refreshedAt");
        return dev.ValueKind == JsonValueKind.Null ? null : dev.GetDateTimeOffset();
    }

    private static async Task<double> ReadCallsPerMinuteAsync(FakeAws aws, TimeSpan window)
    {
        var from = aws.Now;
        await Task.Delay(window);
        var to = aws.Now;
        return aws.Requests.Count(r => r.ReceivedAt >= from && r.ReceivedAt < to) / (to - from).TotalMinutes;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
