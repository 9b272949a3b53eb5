using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>The deploy dialog's and the API's way in: choices and previews read here, deploys and rollbacks through <see cref="Deployer"/>.</summary>
public sealed class DeploymentsService : IDeployments, IDisposable
{
    private const int BuildsShown = 20;
    private const int RevisionsShown = 10;

    private readonly IFleetView _fleet;
    private readonly IEnvironmentCatalog _environments;
    private readonly IEcs _ecs;
    private readonly CurrentCaller _caller;
    private readonly Deployer _deployer;
    private readonly DeploymentLedger _ledger;
    private readonly BuildCatalog _builds;
    private readonly DeploymentEvents _events;
    private readonly IOptions<DeploymentsOptions> _options;
    private readonly TimeProvider _time;
    private readonly AutoDeploys _autoDeploys;
    private readonly PortalAccess _access;
    private readonly AuditLog _audit;
    private readonly RoleCapabilities _capabilities;
    private readonly RecentDeployments _recent;
    private readonly BuildPlacements _placements;

    public DeploymentsService(
        IFleetView fleet, IEnvironmentCatalog environments, IEcs ecs, CurrentCaller caller, Deployer deployer, DeploymentLedger ledger,
        BuildCatalog builds, DeploymentEvents events, IOptions<DeploymentsOptions> options, TimeProvider time, AutoDeploys autoDeploys, PortalAccess access, AuditLog audit,
        RoleCapabilities capabilities, RecentDeployments recent, BuildPlacements placements)
    {
        _recent = recent;
        _placements = placements;
        _capabilities = capabilities;
        _autoDeploys = autoDeploys;
        _access = access;
        _audit = audit;
        _fleet = fleet;
        _environments = environments;
        _ecs = ecs;
        _caller = caller;
        _deployer = deployer;
        _ledger = ledger;
        _builds = builds;
        _events = events;
        _options = options;
        _time = time;
        _events.Changed += OnDeploymentChanged;
    }

    public event Action<Guid>? Changed;

    public async Task<DeployChoices?> ChoicesAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default)
    {
        if (_fleet.Find(environment)?.FindService(cluster, service) is not { } view)
        {
            return null;
        }

        var current = view.Service.TaskDefinition;
        var history = await _ledger.OfServiceAsync(view.Environment, cluster, service, 100, cancellationToken);
        var placements = await _placements.OfServiceAsync(service, cancellationToken);
        var builds = (await _builds.OfServiceAsync(service, BuildsShown, cancellationToken))
            .Select(b => new BuildChoice(
                b.Id, b.Image, ImageReference.TagOf(b.Image), b.CommitSha, b.Message, b.Author, b.AnnouncedAt, b.Link,
                placements.Where(p => p.Image == b.Image).Select(p => p.Placement).ToList(), _options.Value.CommitLink(service, b.CommitSha)))
            .ToList();
        var revisions = history
            .Where(d => d.Status == DeploymentStatus.Completed && d.ToTaskDefinition is not null && d.ToTaskDefinition != current.Arn)
            .GroupBy(d => d.ToTaskDefinition!)
            .Select(g => g.First())
            .Take(RevisionsShown)
            .Select(d => new RevisionChoice(d.ToTaskDefinition!, TaskDefinitionArns.Revision(d.ToTaskDefinition!), d.Image, d.FinishedAt, d.Actor, d.BuildCommit))
            .ToList();
        var window = FreezeWindow.InForce(_options.Value.FreezeWindows, view.Environment, _time.GetUtcNow());
        var inFlight = history.FirstOrDefault(d => !d.IsFinished);
        var autoDeploy = await _autoDeploys.SettingAsync(view.Environment, service, cancellationToken);

        return new DeployChoices(
            view.Environment,
            cluster,
            service,
            _fleet.Find(environment)!.Environment.IsProtected,
            current.Arn,
            current.Image,
            builds,
            revisions,
            await _deployer.RollbackTargetAsync(view, cancellationToken),
            inFlight is null ? null : DeploymentRecords.From(inFlight),
            window is null ? null : new FreezeNotice(window.Reason, window.End),
            autoDeploy is not null,
            autoDeploy is null ? null : new AutoDeployNotice(autoDeploy.EnabledBy, autoDeploy.EnabledAt, autoDeploy.Reason),
            Promotions.Into(view.Environment, _fleet.Environments.Select(e => e.Name).ToList(), current.Image, builds));
    }

    public async Task<IReadOnlyList<RevisionChoice>> RollbackRevisionsAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default)
    {
        if (_fleet.Find(environment)?.FindService(cluster, service) is not { } view)
        {
            return [];
        }

        var fleetEnvironment = _environments.Environments.First(e => e.Name == view.Environment);
        var lineage = await _deployer.LineageAsync(view, running: null, cancellationToken);
        var choices = new List<RevisionChoice>();
        foreach (var ran in lineage.Candidates.Take(RevisionsShown))
        {
            var described = await DescribeAsync(fleetEnvironment, ran.TaskDefinition, cancellationToken);
            choices.Add(new RevisionChoice(
                ran.TaskDefinition, TaskDefinitionArns.Revision(ran.TaskDefinition),
                ran.Image ?? (described is null ? null : ServiceContainers.ShownFor(described, view.Service.Name)?.Image) ?? "not recorded",
                ran.Since, ran.DeployedBy, ran.Commit, ran.Until, described?.Status == "ACTIVE"));
        }

        return choices;
    }

    public async Task<DeploymentPreview?> PreviewAsync(string environment, string cluster, string service, DeployTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (_fleet.Find(environment)?.FindService(cluster, service) is not { } view)
        {
            return null;
        }

        var current = view.Service.TaskDefinition;
        if (target.BuildId is { } buildId)
        {
            var build = await _builds.FindAsync(buildId, cancellationToken);
            return build is null ? null : new DeploymentPreview(current.Image, build.Image, current.Cpu, current.Cpu, current.Memory, current.Memory, [], []);
        }

        if (target.TaskDefinition is not { } arn || TaskDefinitionArns.Family(arn) != current.Family)
        {
            return null;
        }

        var fleetEnvironment = _environments.Environments.First(e => e.Name == view.Environment);
        try
        {
            var revision = (await _ecs.DescribeTaskDefinitionAsync(fleetEnvironment.ReadCaller, new DescribeTaskDefinitionRequest(arn), cancellationToken)).TaskDefinition;
            var container = ServiceContainers.ShownFor(revision, view.Service.Name);
            var names = container?.Environment.Select(e => e.Name).ToList() ?? [];
            return new DeploymentPreview(
                current.Image, container?.Image ?? "unknown", current.Cpu, revision.Cpu ?? current.Cpu, current.Memory, revision.Memory ?? current.Memory,
                names.Except(current.EnvironmentVariableNames, StringComparer.Ordinal).ToList(),
                current.EnvironmentVariableNames.Except(names, StringComparer.Ordinal).ToList());
        }
        catch (CloudException)
        {
            return null;
        }
    }

    private async Task<EcsTaskDefinition?> DescribeAsync(FleetEnvironment environment, string arn, CancellationToken cancellationToken)
    {
        try
        {
            return (await _ecs.DescribeTaskDefinitionAsync(environment.ReadCaller, new DescribeTaskDefinitionRequest(arn), cancellationToken)).TaskDefinition;
        }
        catch (CloudException)
        {
            // Unknown is shown as not ACTIVE: the rollback itself asks ECS again and says why it refuses.
            return null;
        }
    }

    public Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken = default) => _deployer.DeployAsync(command, DeployOrigin.Page, cancellationToken);

    public Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken = default) => _deployer.RollbackAsync(command, DeployOrigin.Page, cancellationToken);

    public async Task<string?> SetAutoDeployAsync(
        string environment, string cluster, string service, bool on, string? reason = null, string? confirmation = null, CancellationToken cancellationToken = default)
    {
        var view = _fleet.Find(environment)?.FindService(cluster, service);
        var decision = await _access.AuthorizeAsync(PortalAction.Deploy, environment, service, view?.Service.Tags, cancellationToken);
        if (view is null || !decision.Allowed)
        {
            return decision.Reason ?? $"There is no service {service} in {environment} that you can see.";
        }

        var isProtected = _fleet.Find(environment)!.Environment.IsProtected;
        var mayAdminister = _capabilities.CapabilitiesOf(await _access.ActiveRoleAsync(view.Environment, cancellationToken)).HasFlag(Capability.Administer);
        if (DeployGuards.AutoDeploySwitch(on, isProtected, mayDeploy: true, mayAdminister, view.Environment, service, confirmation, reason, decision.Reason) is { } refused)
        {
            await _audit.RecordAsync(new AuditEntry
            {
                Actor = _caller.AuditName,
                Action = AuditActions.AccessRefused,
                Environment = view.Environment,
                Target = service,
                Detail = $"auto-deploy-on: {refused}",
                RemoteAddress = _caller.RemoteAddress,
            }, cancellationToken);
            return refused;
        }

        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        await _autoDeploys.SetAsync(view.Environment, service, on, _caller.AuditName, why, cancellationToken);
        await _audit.RecordAsync(new AuditEntry
        {
            Actor = _caller.AuditName,
            Action = on ? "auto-deploy-on" : "auto-deploy-off",
            Environment = view.Environment,
            Target = service,
            Detail = why,
            RemoteAddress = _caller.RemoteAddress,
        }, cancellationToken);
        return null;
    }

    public async Task<DeploymentRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        // Every tab following a deployment asks on each of its moves: the recent ledger answers them all with one read.
        var deployment = await _recent.FindAsync(id, cancellationToken);
        return deployment is not null && _caller.CanSee(deployment.Environment) ? DeploymentRecords.From(deployment) : null;
    }

    public void Dispose() => _events.Changed -= OnDeploymentChanged;

    private void OnDeploymentChanged(Guid id) => Changed?.Invoke(id);
}
