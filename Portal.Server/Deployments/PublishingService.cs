using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// The publish page's server side: the tagged sites in the environments where the person may
/// publish, and publishing the newest build through the same engine and guards as any deploy.
/// </summary>
public sealed class PublishingService : IPublishing, IDisposable
{
    private const string SiteTag = "site";

    private readonly IFleetView _fleet;
    private readonly IPortalAccess _access;
    private readonly RoleCapabilities _capabilities;
    private readonly Deployer _deployer;
    private readonly DeploymentLedger _ledger;
    private readonly BuildCatalog _builds;
    private readonly DeploymentEvents _events;

    public PublishingService(
        IFleetView fleet, IPortalAccess access, RoleCapabilities capabilities, Deployer deployer, DeploymentLedger ledger, BuildCatalog builds, DeploymentEvents events)
    {
        _fleet = fleet;
        _access = access;
        _capabilities = capabilities;
        _deployer = deployer;
        _ledger = ledger;
        _builds = builds;
        _events = events;
        _events.Changed += OnChanged;
    }

    public event Action<Guid>? Changed;

    public async Task<IReadOnlyList<PublishableSite>> SitesAsync(CancellationToken cancellationToken = default)
    {
        var sites = new List<PublishableSite>();
        foreach (var service in await PublishableAsync(cancellationToken))
        {
            var history = await _ledger.OfServiceAsync(service.Environment, service.Service.Cluster, service.Service.Name, 50, cancellationToken);
            var newest = (await _builds.OfServiceAsync(service.Service.Name, 1, cancellationToken)).FirstOrDefault();
            var running = RunningNow.Of(service, history, _fleet.Find(service.Environment)?.Freshness.RefreshedAt);
            var live = history.FirstOrDefault(d => d.Status == DeploymentStatus.Completed && d.ToTaskDefinition == running.TaskDefinition);
            var liveBuild = live?.BuildCommit is { } commit ? (await _builds.OfServiceAsync(service.Service.Name, 50, cancellationToken)).FirstOrDefault(b => b.CommitSha == commit) : null;
            sites.Add(new PublishableSite(
                service.Environment,
                service.Service.Cluster,
                service.Service.Name,
                service.Service.Tags.GetValueOrDefault(SiteTag),
                new LiveVersion(liveBuild?.Message ?? $"Version {ImageReference.TagOf(running.Image)}", live?.FinishedAt, live?.Actor),
                newest is null ? null : new NewestVersion(newest.Id, newest.Message, newest.Author, newest.AnnouncedAt, newest.Image == running.Image),
                history.FirstOrDefault(d => !d.IsFinished) is { } inFlight ? DeploymentRecords.From(inFlight) : null));
        }

        return sites;
    }

    public Task<DeployResult> PublishAsync(string environment, string cluster, string service, Guid buildId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        return _deployer.DeployAsync(
            new DeployCommand(environment, cluster, service, DeployTarget.Build(buildId), idempotencyKey, Reason: "Published from the publish page"),
            DeployOrigin.Publish,
            cancellationToken,
            PortalAction.Publish);
    }

    public async Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        var history = new List<DeploymentRecord>();
        foreach (var service in await PublishableAsync(cancellationToken))
        {
            history.AddRange((await _ledger.OfServiceAsync(service.Environment, service.Service.Cluster, service.Service.Name, 20, cancellationToken))
                .Where(d => d.Source == DeploymentSources.Publish)
                .Select(DeploymentRecords.From));
        }

        return history.OrderByDescending(d => d.RequestedAt).Take(30).ToList();
    }

    public void Dispose() => _events.Changed -= OnChanged;

    private async Task<List<ServiceView>> PublishableAsync(CancellationToken cancellationToken)
    {
        var publishable = new List<ServiceView>();
        foreach (var environment in _fleet.Environments)
        {
            foreach (var service in _fleet.Find(environment.Name)?.Services.Where(s => _capabilities.IsPublishable(s.Service.Tags)) ?? [])
            {
                if ((await _access.DecideAsync(PortalAction.Publish, environment.Name, service.Service.Tags, cancellationToken)).Allowed)
                {
                    publishable.Add(service);
                }
            }
        }

        return publishable;
    }

    private void OnChanged(Guid id) => Changed?.Invoke(id);
}
