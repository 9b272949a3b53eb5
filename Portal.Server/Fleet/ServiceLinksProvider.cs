using Microsoft.Extensions.Options;
using Portal.Server.Deployments;
using Portal.Shared.Access;
using Portal.Shared.Fleet;

namespace Portal.Server.Fleet;

/// <summary>
/// Builds a service's links from what the portal knows: the environment's account and region, the role the caller
/// acts in there (the console's role switch takes them to it), and the build CI announced for the image it runs.
/// Scoped: answers only for services in the caller's own view of the fleet.
/// </summary>
public sealed class ServiceLinksProvider(IFleetView fleet, IPortalAccess access, BuildCatalog builds, IOptions<DeploymentsOptions> options) : IServiceLinks
{
    /// <summary>How many of a service's newest builds are looked through for the running image.</summary>
    private const int BuildsSearched = 100;

    public async Task<ServiceLinks?> ForAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default)
    {
        if (fleet.Find(environment) is not { } view || view.FindService(cluster, service) is not { } found)
        {
            return null;
        }

        var info = view.Environment;
        var role = access.Person is null ? null : await access.ActiveRoleAsync(info.Name, cancellationToken);
        var image = found.Service.TaskDefinition.Image;
        var build = (await builds.OfServiceAsync(service, BuildsSearched, cancellationToken)).FirstOrDefault(b => b.Image == image);
        return new ServiceLinks(
            ConsoleLinks.Service(info, cluster, service, role),
            found.Service.Targets.TargetGroups.ToDictionary(g => g.Arn, g => ConsoleLinks.TargetGroup(info, g.Arn, role), StringComparer.Ordinal),
            role,
            build is null ? null : new ImageBuildLinks(build.CommitSha, options.Value.CommitLink(service, build.CommitSha), build.Link));
    }
}
