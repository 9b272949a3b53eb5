using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// Where each image of a service runs now, in the environments the caller can see, since when the
/// portal put it there and how healthy it is: the deploy dialog says "in stage since 2 h, healthy".
/// Read from the fleet view and one ledger query per environment that runs the service.
/// </summary>
public sealed class BuildPlacements(IFleetView fleet, DeploymentLedger ledger)
{
    private const int HistoryRead = 20;

    public async Task<IReadOnlyList<ImagePlacement>> OfServiceAsync(string service, CancellationToken cancellationToken)
    {
        var placements = new List<ImagePlacement>();
        foreach (var environment in fleet.Environments)
        {
            foreach (var view in fleet.Find(environment.Name)?.Services.Where(s => s.Service.Name == service) ?? [])
            {
                var image = view.Service.TaskDefinition.Image;
                var history = await ledger.OfServiceAsync(view.Environment, view.Service.Cluster, service, HistoryRead, cancellationToken);
                var since = history.FirstOrDefault(d => d.Status == DeploymentStatus.Completed && d.Image == image)?.FinishedAt;
                placements.Add(new ImagePlacement(image, new BuildPlacement(view.Environment, since, view.Health.Level)));
            }
        }

        return placements;
    }
}

/// <summary>An image and one environment it runs in.</summary>
public sealed record ImagePlacement(string Image, BuildPlacement Placement);
