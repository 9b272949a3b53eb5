using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Costs;
using Portal.Server.Simulation.Seed;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

public static class SimulatedCostExplorerRegistration
{
    /// <summary>Cost Explorer answers in us-east-1 only.</summary>
    private const string AwsCostExplorerRegion = "us-east-1";

    /// <summary>The simulated Cost Explorer, asked from the seed's ops account under the portal's read role.</summary>
    public static IServiceCollection AddSimulatedCostExplorer(this IServiceCollection services)
    {
        services.AddSingleton(provider => new SimulatedCosts(
            provider.GetRequiredService<OrganizationSeedSet>(),
            provider.GetRequiredService<IOptions<SimulationOptions>>().Value.RandomSeed,
            provider.GetRequiredService<SimulatedWorld>().Start));
        services.AddSingleton(provider => new SimulatedCostExplorer(
            provider.GetRequiredService<SimulatedCosts>(),
            provider.GetRequiredService<OrganizationSeedSet>(),
            provider.GetRequiredService<SimulatedWorld>().Iam,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICostExplorer>(provider => new MeteredCostExplorer(
            provider.GetRequiredService<SimulatedCostExplorer>(), provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton(provider =>
        {
            var organization = provider.GetRequiredService<OrganizationSeedSet>().Organization;
            return new CostExplorerAccount(new CloudCaller(organization.Ops.AccountId, AwsCostExplorerRegion, organization.PortalReadRole, "portal-costs"));
        });
        return services;
    }

}
