using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Publishing;

/// <summary>
/// What a site (a service tagged for publishing) runs and what waits to go live, read for anyone:
/// the badge has no caller, the publish page decides who may act before it shows more than this.
/// </summary>
public sealed class SiteVersions(FleetView fleet, DeploymentLedger ledger, BuildCatalog builds, RoleCapabilities capabilities)
{
    private const int HistoryRead = 50;

    /// <summary>The site's state, or null when there is no such service there or it is not marked for publishing.</summary>
    public async Task<SiteState?> OfAsync(string environment, string service, CancellationToken cancellationToken)
    {
        var view = fleet.Find(environment)?.Services.FirstOrDefault(s => s.Service.Name == service);
        if (view is null || !capabilities.IsPublishable(view.Service.Tags))
        {
            return null;
        }

        var history = await ledger.OfServiceAsync(view.Environment, view.Service.Cluster, view.Service.Name, HistoryRead, cancellationToken);
        var running = RunningNow.Of(view, history, fleet.Find(view.Environment)?.Freshness.RefreshedAt);
        var announced = await builds.OfServiceAsync(view.Service.Name, HistoryRead, cancellationToken);
        var live = announced.FirstOrDefault(b => b.Image == running.Image);
        var waiting = live is null
            ? announced.Take(1).Where(b => b.Image != running.Image).ToList()
            : announced.Where(b => b.AnnouncedAt > live.AnnouncedAt && b.Image != running.Image).ToList();
        return new SiteState(view, running, live, waiting, history.FirstOrDefault(d => !d.IsFinished));
    }
}

/// <summary>A site now: what runs, the build it came from (when CI announced it), the newer builds waiting (newest first), a publish in flight.</summary>
public sealed record SiteState(ServiceView View, RunningRevision Running, AnnouncedBuild? Live, IReadOnlyList<AnnouncedBuild> Waiting, Deployment? InFlight)
{
    public string LiveVersion => Live?.CommitSha ?? ImageReference.TagOf(Running.Image);

    public bool NewVersionReady => Waiting.Count > 0;
}
