using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Fleet;
using Portal.Server.Persistence;

namespace Portal.DeployBenchmark;

/// <summary>
/// What authenticating costs a cheap API read: the portal on Kestrel on loopback (simulated
/// organization, SQLite), then concurrent clients calling <c>GET /api/environments</c> with an API
/// token and with a signed-in session cookie, a fixed number of requests each run.
/// </summary>
internal static partial class AuthBenchmark
{
    private const string Path = "/api/environments";
    private static readonly TimeSpan RunTimeLimit = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int clients, int requests, int runs)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "portal-auth-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var portal = new WebApplicationFactory<FleetView>().WithWebHostBuilder(host =>
            {
                host.UseSetting("Database:ConnectionString", $"Data Source={System.IO.Path.Combine(directory, "portal.db")}");
                host.UseSetting("Logging:LogLevel:Default", "Warning");
                host.UseEnvironment("Production");
            });
            portal.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            portal.StartServer();
            var address = new Uri(portal.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = clients })
            {
                BaseAddress = address,
            };
            await WaitUntilReadyAsync(http);
            var token = "Bearer " + await CreateTokenAsync(portal.Services);
            var cookie = await SignInAsync(http, "alice");

            Console.WriteLine("Portal authentication benchmark");
            Console.WriteLine(FormattableString.Invariant(
                $"  .NET {Environment.Version}, {Environment.ProcessorCount} cores; Kestrel on {address}; SQLite; GET {Path}, {clients} clients, {requests} requests a run, {runs} runs each (median)"));
            Console.WriteLine();

            // Warm-up: JIT, connection pool, the first evaluation of the fleet view.
            await LoadAsync(http, "Authorization", token, clients, Math.Min(requests, 1000));
            await LoadAsync(http, "Cookie", cookie, clients, Math.Min(requests, 1000));

            var tokenRuns = new List<Load>();
            var cookieRuns = new List<Load>();
            for (var run = 0; run < runs; run++)
            {
                tokenRuns.Add(await LoadAsync(http, "Authorization", token, clients, requests));
                cookieRuns.Add(await LoadAsync(http, "Cookie", cookie, clients, requests));
            }

            var byToken = Summary.Of(tokenRuns);
            var byCookie = Summary.Of(cookieRuns);
            Console.WriteLine("  caller         req/s     p50 ms   p99 ms   failed");
            Print("API token", byToken);
            Print("session cookie", byCookie);
            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"  cookie throughput / token throughput: {byCookie.RequestsPerSecond / byToken.RequestsPerSecond:0.00} (target: at most 1.5)"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Print(string caller, Summary summary) =>
        Console.WriteLine(FormattableString.Invariant(
            $"  {caller,-14} {summary.RequestsPerSecond,7:0}   {summary.P50,7:0.0}  {summary.P99,7:0.0}   {summary.Failed,6}"));

    private static async Task WaitUntilReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The portal was not ready within 60 s: " + await response.Content.ReadAsStringAsync());
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string> CreateTokenAsync(IServiceProvider services)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var created = await services.GetRequiredService<ApiTokenStore>()
            .CreateAsync("bench-" + Guid.NewGuid().ToString("N")[..8], new TokenScopes(["*"], ["*"], ["view"]), "bench", now.AddDays(1));
        return created.Secret;
    }

    /// <summary>Signs in as a seed user the way a browser does ("Continue as …" with the form's antiforgery token) and returns the Cookie header.</summary>
    private static async Task<string> SignInAsync(HttpClient http, string userName)
    {
        using var page = await http.GetAsync(new Uri("/sign-in", UriKind.Relative));
        var antiforgeryCookie = Cookies(page);
        var formToken = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var form = new FormUrlEncodedContent([
            KeyValuePair.Create("userName", userName),
            KeyValuePair.Create("returnUrl", "/"),
            KeyValuePair.Create("__RequestVerificationToken", formToken),
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sign-in/as", UriKind.Relative)) { Content = form };
        request.Headers.Add("Cookie", antiforgeryCookie);
        using var signedIn = await http.SendAsync(request);
        var session = Cookies(signedIn);
        if (signedIn.StatusCode != HttpStatusCode.Redirect || !session.Contains("portal.session=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)signedIn.StatusCode} without a session cookie.");
        }

        return session;
    }

    /// <summary>The response's cookies as a Cookie header (name=value pairs), whatever their Secure flag: the benchmark speaks plain HTTP on loopback.</summary>
    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    /// <summary><paramref name="requests"/> GETs shared among <paramref name="clients"/> concurrent callers, each sending the header given.</summary>
    private static async Task<Load> LoadAsync(HttpClient http, string header, string value, int clients, int requests)
    {
        var issued = 0;
        var failed = 0;
        var latencies = new double[requests];
        var deadline = Stopwatch.GetTimestamp() + (long)(RunTimeLimit.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref issued) - 1) < requests && Stopwatch.GetTimestamp() < deadline)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Path, UriKind.Relative));
                request.Headers.TryAddWithoutValidation(header, value);
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies[index] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var completed = Math.Min(issued, requests);
        var measured = latencies.Take(completed).Order().ToArray();
        return new Load(completed / elapsed, Percentile(measured, 0.50), Percentile(measured, 0.99), failed);
    }

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private sealed record Load(double RequestsPerSecond, double P50, double P99, int Failed);

    /// <summary>Medians over the runs.</summary>
    private sealed record Summary(double RequestsPerSecond, double P50, double P99, int Failed)
    {
        public static Summary Of(IReadOnlyList<Load> runs) => new(
            Median(runs.Select(r => r.RequestsPerSecond)),
            Median(runs.Select(r => r.P50)),
            Median(runs.Select(r => r.P99)),
            runs.Sum(r => r.Failed));

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
