using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using Portal.Shared.Triage;

namespace Portal.Server.Triage;

/// <summary>
/// The on-call view for one caller: their visible fleet, the ledger's last deploys and everyone's
/// acknowledgements, the last two from memory (<see cref="RecentDeployments"/>,
/// <see cref="TriageAcknowledgements"/>): an open triage page re-reads them on every refresh and tick
/// without a query.
/// </summary>
public sealed class TriageService : ITriage, IDisposable
{
    private readonly IFleetView _fleet;
    private readonly RecentDeployments _ledger;
    private readonly TriageAcknowledgements _acknowledgements;
    private readonly IPortalAccess _access;
    private readonly CurrentCaller _caller;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly IOptions<TriageOptions> _options;
    private readonly IOptions<HealthThresholds> _thresholds;

    public TriageService(
        IFleetView fleet,
        RecentDeployments ledger,
        TriageAcknowledgements acknowledgements,
        IPortalAccess access,
        CurrentCaller caller,
        AuditLog audit,
        TimeProvider time,
        IOptions<TriageOptions> options,
        IOptions<HealthThresholds> thresholds)
    {
        _fleet = fleet;
        _ledger = ledger;
        _acknowledgements = acknowledgements;
        _access = access;
        _caller = caller;
        _audit = audit;
        _time = time;
        _options = options;
        _thresholds = thresholds;
        _acknowledgements.Changed += OnAcknowledged;
        _ledger.Changed += OnDeploymentChanged;
    }

    public event Action? Changed;

    public async Task<IReadOnlyList<TriageItem>> ItemsAsync(CancellationToken cancellationToken = default)
    {
        var views = _fleet.Environments
            .Select(e => _fleet.Find(e.Name))
            .OfType<EnvironmentView>()
            .ToList();
        var acknowledgements = (await _acknowledgements.InAsync([.. views.Select(v => v.Environment.Name)], cancellationToken))
            .ToDictionary(a => (a.Environment, a.Cluster, a.Service));

        var alerting = new List<(EnvironmentView Environment, ServiceView View, TriageAcknowledgement? Acknowledgement)>();
        foreach (var environment in views)
        {
            foreach (var view in environment.Services)
            {
                var key = (view.Environment, view.Service.Cluster, view.Service.Name);
                acknowledgements.TryGetValue(key, out var acknowledgement);
                if (view.Health.Level is HealthLevel.Critical or HealthLevel.Warning)
                {
                    alerting.Add((environment, view, acknowledgement));
                }
                else if (acknowledgement is not null && view.Health.Level == HealthLevel.Healthy)
                {
                    // An alert that has gone away takes its acknowledgement with it: the next one starts unacknowledged.
                    await _acknowledgements.ClearAsync(key.Environment, key.Cluster, key.Name, cancellationToken);
                }
            }
        }

        // The recent ledger in memory for every card: back to where the oldest sparkline starts.
        var sparklinesStart = alerting
            .SelectMany(a => a.View.Service.Cpu.Points.Concat(a.View.Service.Memory.Points))
            .Select(p => p.Timestamp)
            .DefaultIfEmpty(_time.GetUtcNow())
            .Min();
        var ledger = await _ledger.OfServicesAsync([.. alerting.Select(a => KeyOf(a.View))], sparklinesStart, cancellationToken);
        var items = alerting
            .Select(a => Item(a.Environment, a.View, ledger.GetValueOrDefault(KeyOf(a.View)) ?? [], a.Acknowledgement))
            .ToList();
        return TriageOrder.Sort(items);
    }

    public async Task<string?> AcknowledgeAsync(string environment, string cluster, string service, string note, CancellationToken cancellationToken = default)
    {
        var view = _fleet.Find(environment)?.FindService(cluster, service);
        if (view is null)
        {
            return $"No service {service} in {cluster} of {environment} that you can see.";
        }

        var decision = await _access.AuthorizeAsync(PortalAction.AcknowledgeAlert, environment, service, view.Service.Tags, cancellationToken);
        if (!decision.Allowed)
        {
            return decision.Reason ?? $"You may not acknowledge alerts in {environment}.";
        }

        var trimmed = (note ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return "Say in a note what you are doing about it.";
        }

        if (trimmed.Length > TriageAcknowledgements.NoteLength)
        {
            trimmed = trimmed[..TriageAcknowledgements.NoteLength];
        }

        var at = _time.GetUtcNow();
        await _acknowledgements.SetAsync(
            new TriageAcknowledgement { Environment = environment, Cluster = cluster, Service = service, By = _caller.AuditName, At = at, Note = trimmed },
            cancellationToken);
        await _audit.RecordAsync(
            new AuditEntry
            {
                Actor = _caller.AuditName,
                Action = TriageAuditActions.AlertAcknowledged,
                Environment = environment,
                Target = $"{cluster}/{service}",
                Detail = trimmed,
                RemoteAddress = _caller.RemoteAddress,
                At = at,
            },
            cancellationToken);
        return null;
    }

    public void Dispose()
    {
        _acknowledgements.Changed -= OnAcknowledged;
        _ledger.Changed -= OnDeploymentChanged;
    }

    private void OnAcknowledged() => Changed?.Invoke();

    // A deploy or rollback of an alerting service changes its card (last deploy, markers, suspect).
    private void OnDeploymentChanged(Guid id) => Changed?.Invoke();

    private static ServiceKey KeyOf(ServiceView view) => new(view.Environment, view.Service.Cluster, view.Service.Name);

    private TriageItem Item(EnvironmentView environment, ServiceView view, IReadOnlyList<Deployment> deployments, TriageAcknowledgement? acknowledgement)
    {
        var service = view.Service;
        var last = deployments.FirstOrDefault();
        var since = SuspectRule.RegressionBegan(service, _thresholds.Value);

        // The rollout itself can cause the regression, so the window is counted from when the service was updated.
        var deployedAt = last is null ? (DateTimeOffset?)null : last.UpdatedServiceAt ?? last.RequestedAt;
        var seriesStart = service.Cpu.Points.Concat(service.Memory.Points).Select(p => (DateTimeOffset?)p.Timestamp).Min();
        var markers = deployments
            .Select(d => d.UpdatedServiceAt ?? d.RequestedAt)
            .Where(at => seriesStart is null || at >= seriesStart)
            .OrderBy(at => at)
            .ToList();

        return new TriageItem(
            view,
            environment.Environment.IsProtected,
            since,
            markers,
            last is null ? null : new TriageDeploy(
                last.Id,
                last.Kind,
                last.Actor,
                last.UpdatedServiceAt ?? last.RequestedAt,
                last.FinishedAt,
                TaskDefinitionArns.Revision(last.FromTaskDefinition),
                last.ToTaskDefinition is null ? null : TaskDefinitionArns.Revision(last.ToTaskDefinition),
                last.Status.ToString()),
            SuspectRule.IsSuspect(since, deployedAt, _options.Value.SuspectWindow),
            acknowledgement is null ? null : new TriageAcknowledgementInfo(acknowledgement.By, acknowledgement.At, acknowledgement.Note));
    }
}
