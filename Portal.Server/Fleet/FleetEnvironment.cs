using Portal.Server.Cloud;
using Portal.Shared.Environments;

namespace Portal.Server.Fleet;

/// <summary>
/// An environment the portal watches, with the identity its poller reads it under and the role
/// machine callers (CI tokens) deploy with, when one is configured.
/// </summary>
public sealed record FleetEnvironment(EnvironmentInfo Info, CloudCaller ReadCaller, string? DeployerRole = null)
{
    public string Name => Info.Name;
}

/// <summary>The environments of the organization the portal is pointed at.</summary>
public interface IEnvironmentCatalog
{
    IReadOnlyList<FleetEnvironment> Environments { get; }
}
