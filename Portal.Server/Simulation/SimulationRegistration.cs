using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Server.Fleet;
using Portal.Server.Simulation.Seed;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

public static class SimulationRegistration
{
    /// <summary>Puts the simulated organization below the cloud ports: the embedded default world.</summary>
    public static IServiceCollection AddSimulatedOrganization(this IServiceCollection services)
    {
        services.AddOptions<SimulationOptions>().BindConfiguration(SimulationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SimulationOptions>>().Value;
            return SeedLoader.Load(ResolveSeedDirectory(options.SeedDirectory, provider.GetRequiredService<IHostEnvironment>()));
        });
        services.AddSingleton(provider => new SimulatedWorld(
            provider.GetRequiredService<OrganizationSeedSet>(),
            provider.GetRequiredService<TimeProvider>().GetUtcNow(),
            provider.GetRequiredService<IOptions<SimulationOptions>>().Value));
        services.AddSingleton<IEnvironmentCatalog, SimulatedEnvironmentCatalog>();
        services.AddOptions<SimulatedAwsOptions>().BindConfiguration(SimulatedAwsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => new SimulatedAwsLimits(
            provider.GetRequiredService<IOptions<SimulatedAwsOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<SimulationOptions>>().Value.RandomSeed));
        // Metered outside the limits, so throttled calls are counted as AWS's would be.
        services.AddSingleton<IEcs>(provider => new MeteredEcs(
            new LimitedEcs(new SimulatedEcs(provider.GetRequiredService<SimulatedWorld>()), provider.GetRequiredService<SimulatedAwsLimits>()),
            provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton<ICloudWatch>(provider => new MeteredCloudWatch(
            new LimitedCloudWatch(new SimulatedCloudWatch(provider.GetRequiredService<SimulatedWorld>()), provider.GetRequiredService<SimulatedAwsLimits>()),
            provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton<ILoadBalancing>(provider => new MeteredLoadBalancing(
            new LimitedLoadBalancing(new SimulatedLoadBalancing(provider.GetRequiredService<SimulatedWorld>()), provider.GetRequiredService<SimulatedAwsLimits>()),
            provider.GetRequiredService<CloudCallMeter>()));
        services.AddSimulatedCostExplorer();
        services.AddSingleton(provider => new SimulatedIdentityCenter(
            provider.GetRequiredService<OrganizationSeedSet>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IIdentityCenter>(provider => new MeteredIdentityCenter(
            provider.GetRequiredService<SimulatedIdentityCenter>(), provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton(new DeviceSignInSettings(SimulatedIdentityCenter.StartUrl));
        services.AddSingleton<SignIn.IPersonNames, SimulatedPersonNames>();
        services.AddSingleton<Access.IPeopleDirectory, SimulatedPeopleDirectory>();
        services.AddOptions<Chat.ChatOptions>().PostConfigure<OrganizationSeedSet>(SimulatedChatWorkspace.Configure);
        services.AddSingleton<Diagnostics.ICloudReachability, SimulatedReachability>();
        services.AddHostedService<SimulationClockDriver>();
        services.AddHostedService<SimulatedCi>();
        return services;
    }

    /// <summary>A relative seed folder is looked for under the content root, then beside the app's binaries.</summary>
    public static string ResolveSeedDirectory(string configured, IHostEnvironment host)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }

        var underContentRoot = Path.Combine(host.ContentRootPath, configured);
        return Directory.Exists(underContentRoot) ? underContentRoot : Path.Combine(AppContext.BaseDirectory, configured);
    }
}
