using Portal.Shared.Fleet;

namespace Portal.Client.Tests.Support;

/// <summary>Service links as the server builds them, from the test fleet, with no role known and no build announced.</summary>
public sealed class FleetServiceLinks(IFleetView fleet) : IServiceLinks
{
    public Task<ServiceLinks?> ForAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default)
    {
        if (fleet.Find(environment) is not { } view || view.FindService(cluster, service) is not { } found)
        {
            return Task.FromResult<ServiceLinks?>(null);
        }

        return Task.FromResult<ServiceLinks?>(new ServiceLinks(
            ConsoleLinks.Service(view.Environment, cluster, service, null),
            found.Service.Targets.TargetGroups.ToDictionary(g => g.Arn, g => ConsoleLinks.TargetGroup(view.Environment, g.Arn, null), StringComparer.Ordinal),
            null,
            null));
    }
}
