// BL0006: standing in for circuits, the benchmark's viewers are renderers, the one thing those types are for.
#pragma warning disable BL0006
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using Portal.Client.Fleet;
using Portal.Client.Triage;
using Portal.Server.Access;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Server.SignIn;

namespace Portal.DeployBenchmark;

/// <summary>
/// What connected viewers cost: the portal on a simulated clock with its loops driven here (a poll
/// of every environment each 15 s, a follow round each 2 s, the pages' shared clock each 5 s), and
/// viewers that each hold the overview, the prod environment page, a prod service page and triage
/// open as a circuit does (own scope, interactive renderer). Memory with none and with many open;
/// database commands per simulated minute with one and with many.
/// </summary>
internal static class ViewerBenchmark
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(int viewers, int minutes)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-viewer-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var commands = new CommandCounter();
        var open = new List<Viewer>();
        try
        {
            await using var portal = new WebApplicationFactory<FleetView>().WithWebHostBuilder(host =>
            {
                host.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(directory, "portal.db")}");
                host.UseSetting("Logging:LogLevel:Default", "Warning");
                host.UseEnvironment("Production");
                host.ConfigureTestServices(services => DriveByHand(services, clock, commands));
            });
            var services = portal.Services;
            await PollAsync(services);
            var (service, cluster) = services.GetRequiredService<FleetView>().Find("prod")!.Services
                .OrderByDescending(s => s.Health.Level).Select(s => (s.Service.Name, s.Service.Cluster)).First();

            Console.WriteLine("Portal viewer benchmark");
            Console.WriteLine(FormattableString.Invariant($"  .NET {Environment.Version}, {Environment.ProcessorCount} cores; each viewer holds /, /environments/prod, prod {service} and /triage open; {minutes} simulated minutes per figure"));
            Console.WriteLine();

            var none = await WatchAsync(services, clock, commands, open, minutes);
            var nobody = Memory();
            await OpenAsync(services, open, 1, cluster, service);
            var one = await WatchAsync(services, clock, commands, open, minutes);
            await OpenAsync(services, open, viewers - 1, cluster, service);
            var many = await WatchAsync(services, clock, commands, open, minutes);
            var watched = Memory();

            Console.WriteLine("1. Memory (after a full collection)");
            Console.WriteLine(FormattableString.Invariant($"   0 viewers:  managed heap {nobody.Heap / 1048576.0:0.0} MiB, working set {nobody.WorkingSet / 1048576.0:0.0} MiB"));
            Console.WriteLine(FormattableString.Invariant($"   {viewers} viewers: managed heap {watched.Heap / 1048576.0:0.0} MiB, working set {watched.WorkingSet / 1048576.0:0.0} MiB ({(watched.Heap - nobody.Heap) / 1024.0 / viewers:0} KiB managed per viewer of four pages)"));
            Console.WriteLine();
            Console.WriteLine("2. Database commands per simulated minute (polls, follow rounds and clock ticks included)");
            Console.WriteLine(FormattableString.Invariant($"   0 viewers:  {none:0.0}"));
            Console.WriteLine(FormattableString.Invariant($"   1 viewer:   {one:0.0}"));
            Console.WriteLine(FormattableString.Invariant($"   {viewers} viewers: {many:0.0}"));

            foreach (var viewer in open)
            {
                await viewer.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The host's loops out (the migration step stays), the clock simulated, database commands counted, no browser behind the pages.</summary>
    private static void DriveByHand(IServiceCollection services, FakeTimeProvider clock, CommandCounter commands)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(clock);
        var portal = typeof(FleetStore).Assembly;
        foreach (var loop in services.Where(d => d.ServiceType == typeof(IHostedService)
            && (d.ImplementationType?.Assembly == portal || d.ImplementationFactory?.Method.DeclaringType?.Assembly == portal)).ToList())
        {
            services.Remove(loop);
        }

        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(provider => provider.GetRequiredService<DatabaseMigrator>()));
        services.ConfigureDbContext<SqlitePortalDbContext>(options => options.AddInterceptors(commands));
        services.AddScoped<IJSRuntime, SilentJSRuntime>();
        services.AddScoped<NavigationManager, ViewerNavigation>();
    }

    private static async Task OpenAsync(IServiceProvider services, List<Viewer> open, int count, string cluster, string service)
    {
        for (var i = 0; i < count; i++)
        {
            open.Add(await Viewer.OpenAsync<FleetOverviewPage>(services, []));
            open.Add(await Viewer.OpenAsync<EnvironmentPage>(services, new() { ["Environment"] = "prod" }));
            open.Add(await Viewer.OpenAsync<ServicePage>(services, new() { ["Environment"] = "prod", ["Cluster"] = cluster, ["Name"] = service }));
            open.Add(await Viewer.OpenAsync<TriagePage>(services, []));
        }
    }

    /// <summary>Database commands per simulated minute while the open viewers watch.</summary>
    private static async Task<double> WatchAsync(IServiceProvider services, FakeTimeProvider clock, CommandCounter commands, List<Viewer> open, int minutes)
    {
        await StepAsync(services, open, TimeSpan.Zero);
        var before = commands.Count;
        for (var second = 1; second <= minutes * 60; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await StepAsync(services, open, TimeSpan.FromSeconds(second));
        }

        return (commands.Count - before) / (double)minutes;
    }

    private static async Task StepAsync(IServiceProvider services, List<Viewer> open, TimeSpan at)
    {
        if (at.Ticks % PollEvery.Ticks == 0)
        {
            await PollAsync(services);
        }

        if (at.Ticks % FollowEvery.Ticks == 0)
        {
            await services.GetRequiredService<DeploymentFollower>().FollowOnceAsync(CancellationToken.None);
        }

        foreach (var viewer in open)
        {
            await viewer.SettleAsync();
        }
    }

    private static async Task PollAsync(IServiceProvider services)
    {
        var polling = services.GetRequiredService<FleetPollingService>();
        foreach (var environment in services.GetRequiredService<IEnvironmentCatalog>().Environments)
        {
            await polling.RefreshOnceAsync(environment, CancellationToken.None);
        }
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    /// <summary>One person's open page, as a circuit holds it: their scope and an interactive renderer. Renders are not drawn.</summary>
    private sealed class Viewer : Renderer
    {
        private readonly IServiceScope _scope;

        private Viewer(IServiceScope scope)
            : base(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()) => _scope = scope;

        public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

        protected override RendererInfo RendererInfo { get; } = new("Server", true);

        public static async Task<Viewer> OpenAsync<TPage>(IServiceProvider services, Dictionary<string, object?> parameters)
            where TPage : IComponent
        {
            var viewer = new Viewer(SignedIn(services));
            await viewer.Dispatcher.InvokeAsync(async () =>
            {
                var page = viewer.InstantiateComponent(typeof(TPage));
                await viewer.RenderRootComponentAsync(viewer.AssignRootComponentId(page), ParameterView.FromDictionary(parameters));
            });
            await viewer.SettleAsync();
            return viewer;
        }

        public async Task SettleAsync()
        {
            for (var i = 0; i < 3; i++)
            {
                await Dispatcher.InvokeAsync(() => { });
            }
        }

        // Charts measure themselves in a browser; there is none here.
        protected override void HandleException(Exception exception)
        {
        }

        protected override Task UpdateDisplayAsync(in RenderBatch renderBatch) => Task.CompletedTask;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                _scope.Dispose();
            }
        }

        /// <summary>An administrator of every environment, signed in as a request of theirs would be.</summary>
        private static IServiceScope SignedIn(IServiceProvider services)
        {
            var identity = new SignedInIdentity(
                "token",
                DateTimeOffset.UtcNow.AddHours(8),
                [.. new[] { "dev", "stage", "prod" }.Select(e => new RoleAssignment("000000000000", e, e, "Administrator"))]);
            var scope = services.CreateScope();
            var context = new DefaultHttpContext { User = SignInClaims.Create(new PersonName("viewer", "viewer"), identity, "session-viewer") };
            scope.ServiceProvider.GetRequiredService<CurrentCaller>().SetFromRequest(context);
            return scope;
        }
    }

    private sealed class SilentJSRuntime : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
    }

    private sealed class ViewerNavigation : NavigationManager
    {
        public ViewerNavigation() => Initialize("http://localhost/", "http://localhost/");

        protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Counted(result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Counted(result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Counted(result);

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Counted(result));

        private T Counted<T>(T result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }
    }
}
