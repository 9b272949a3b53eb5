using Portal.Server.Cloud.Ecs;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

/// <summary>Which container of a task definition is the service's own, the one a build of the service replaces the image of.</summary>
/// <param name="Container">The container, or null when the rule cannot tell.</param>
/// <param name="Problem">Why it cannot tell, for people; null when a container was chosen.</param>
public sealed record ContainerChoice(EcsContainerDefinition? Container, string? Problem);

/// <summary>
/// The rule for a service's own container, the same for deploys and for what the fleet shows: the container
/// whose image comes from the build's repository; else the container named like the service. Sidecars (log
/// routers, agents) run images of other repositories under other names, so they are never chosen.
/// </summary>
public static class ServiceContainers
{
    /// <param name="image">The build's image, or null when there is no build (the fleet's view): then only the name counts.</param>
    public static ContainerChoice Choose(EcsTaskDefinition taskDefinition, string service, string? image)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var containers = taskDefinition.ContainerDefinitions;
        var named = containers.FirstOrDefault(c => string.Equals(c.Name, service, StringComparison.Ordinal));
        if (image is not null)
        {
            var fromRepository = containers.Where(c => ImageReference.SameRepository(c.Image, image)).ToList();
            if (fromRepository.Count == 1)
            {
                return new ContainerChoice(fromRepository[0], null);
            }

            if (fromRepository.Count > 1)
            {
                return named is not null && fromRepository.Contains(named)
                    ? new ContainerChoice(named, null)
                    : new ContainerChoice(null,
                        $"Containers {Names(fromRepository)} of {Label(taskDefinition)} all run images of {ImageReference.RepositoryOf(image)} and none is named {service}, " +
                        $"so the portal cannot tell which one the build is for. Name the service's own container {service}.");
            }
        }

        return named is not null
            ? new ContainerChoice(named, null)
            : new ContainerChoice(null,
                $"No container of {Label(taskDefinition)} " +
                (image is null ? string.Empty : $"runs an image of {ImageReference.RepositoryOf(image)} or ") +
                $"is named {service} (it has {Describe(containers)}), so the portal cannot tell which one the build is for. " +
                $"Name the service's own container {service}, or deploy a build of the repository it runs.");
    }

    /// <summary>
    /// The container to show or record for a revision of the service, where nothing is refused: the service's own
    /// by name, else the first (a task definition whose containers are named otherwise still shows an image).
    /// </summary>
    public static EcsContainerDefinition? ShownFor(EcsTaskDefinition taskDefinition, string service) =>
        Choose(taskDefinition, service, image: null).Container ?? taskDefinition.ContainerDefinitions.FirstOrDefault();

    private static string Label(EcsTaskDefinition taskDefinition) => $"{taskDefinition.Family}:{taskDefinition.Revision}";

    private static string Names(IEnumerable<EcsContainerDefinition> containers) => string.Join(", ", containers.Select(c => c.Name));

    private static string Describe(IReadOnlyList<EcsContainerDefinition> containers) =>
        containers.Count == 0 ? "no containers" : string.Join(", ", containers.Select(c => $"{c.Name} ({ImageReference.RepositoryOf(c.Image)})"));
}
