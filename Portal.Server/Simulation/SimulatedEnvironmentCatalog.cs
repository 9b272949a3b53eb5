using Portal.Server.Cloud;
using Portal.Server.Fleet;
using Portal.Server.Simulation.Seed;
using Portal.Shared.Environments;

namespace Portal.Server.Simulation;

/// <summary>The environments of the simulated organization, read under the seed's portal read role.</summary>
internal sealed class SimulatedEnvironmentCatalog(OrganizationSeedSet seed) : IEnvironmentCatalog
{
    /// <summary>The seed's deploying role, which CI tokens deploy with in every environment.</summary>
    public const string DeployerRole = "Deployer";

    public IReadOnlyList<FleetEnvironment> Environments { get; } = seed.Organization.Environments
        .Select(e => new FleetEnvironment(
            new EnvironmentInfo(e.Name, e.AccountId, e.Region, Enum.Parse<EnvironmentColour>(e.Colour, ignoreCase: true), e.Protected),
            new CloudCaller(e.AccountId, e.Region, seed.Organization.PortalReadRole, "portal-poller"),
            DeployerRole))
        .ToList();
}
