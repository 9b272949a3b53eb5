using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;
using Portal.Server.Cloud;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Live;

/// <summary>
/// The whole portal on a fake clock with its background loops taken out: the test runs each poll
/// and follow round itself, at the simulated moment it chooses, so two runs see the same world and
/// do the same work, whoever watches. Database commands and cloud calls are counted.
/// </summary>
internal sealed class LivePortal : PortalApplication
{
    private LivePortal(FakeTimeProvider clock, CommandCounter commands)
        : base(host => host.UseSetting("Simulation:Aws:Throttling", "false").ConfigureTestServices(services =>
        {
            // What pages cost is counted in calls and commands, not in time: the reads are not paced to AWS's rates
            // (a paced read waits on the clock, which only the test moves) and the simulated AWS does not throttle.
            services.RemoveAll<ReadPace>();
            services.AddSingleton(ReadPace.Unlimited(clock));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
            var portal = typeof(FleetStore).Assembly;
            foreach (var loop in services.Where(d => d.ServiceType == typeof(IHostedService) && IsFrom(d, portal)).ToList())
            {
                services.Remove(loop);
            }

            // Only the migration step stays, first as in the real host: the schema is there before anything reads it.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(provider => provider.GetRequiredService<DatabaseMigrator>()));

            services.ConfigureDbContext<SqlitePortalDbContext>(options => options.AddInterceptors(commands));
            services.AddScoped<IJSRuntime, SilentJSRuntime>();
            services.AddScoped<NavigationManager, ViewerNavigation>();
        }))
    {
        Clock = clock;
        Commands = commands;
    }

    public FakeTimeProvider Clock { get; }

    public CommandCounter Commands { get; }

    public long CloudCalls => Services.GetRequiredService<CloudCallMeter>().TotalCount();

    public static async Task<LivePortal> StartAsync()
    {
        var portal = new LivePortal(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero)), new CommandCounter());
        _ = portal.Services;
        await portal.PollAsync();
        return portal;
    }

    /// <summary>One refresh of every environment, as the poller's loop makes each interval.</summary>
    public async Task PollAsync()
    {
        var polling = Services.GetRequiredService<FleetPollingService>();
        foreach (var environment in Services.GetRequiredService<IEnvironmentCatalog>().Environments)
        {
            await polling.RefreshOnceAsync(environment, CancellationToken.None);
        }
    }

    /// <summary>One round of the deployment follower.</summary>
    public Task FollowAsync() => Services.GetRequiredService<DeploymentFollower>().FollowOnceAsync(CancellationToken.None);

    private static bool IsFrom(ServiceDescriptor descriptor, Assembly assembly) =>
        descriptor.ImplementationType?.Assembly == assembly
        || descriptor.ImplementationFactory?.Method.DeclaringType?.Assembly == assembly
        || descriptor.ImplementationInstance?.GetType().Assembly == assembly;
}
