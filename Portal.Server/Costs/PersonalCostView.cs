using Portal.Server.Access;
using Portal.Server.Fleet;
using Portal.Shared.Access;
using Portal.Shared.Costs;

namespace Portal.Server.Costs;

/// <summary>
/// Costs as one caller may see them: the accounts of environments where they hold no viewing role
/// are left out of every report, service cost and export built here. Reads the cache only.
/// </summary>
public sealed class PersonalCostView : ICostView, IDisposable
{
    private readonly CostCache _cache;
    private readonly CostRefreshService _refresher;
    private readonly IEnvironmentCatalog _catalog;
    private readonly CurrentCaller _caller;
    private readonly PortalAccess _access;
    private readonly TimeProvider _time;

    public PersonalCostView(CostCache cache, CostRefreshService refresher, IEnvironmentCatalog catalog, CurrentCaller caller, PortalAccess access, TimeProvider time)
    {
        _cache = cache;
        _refresher = refresher;
        _catalog = catalog;
        _caller = caller;
        _access = access;
        _time = time;
        _cache.Changed += OnCacheChanged;
    }

    public event Action? Changed;

    /// <summary>The environments whose costs the caller may see, in catalog order.</summary>
    public IReadOnlyList<Shared.Environments.EnvironmentInfo> VisibleEnvironments =>
        _catalog.Environments.Where(e => _caller.CanSee(e.Name)).Select(e => e.Info).ToList();

    public async Task<CostReport> GetReportAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await _cache.GetAsync(cancellationToken);

        // The report is as of its data: months, month to date and forecast all date from the refresh.
        var asOf = snapshot.RefreshedAt ?? _time.GetUtcNow();
        var freshness = new CostFreshness(snapshot.RefreshedAt, snapshot.Requests, snapshot.LastAttemptAt, snapshot.LastError, _refresher.NextRefreshAt(snapshot));
        return CostAggregation.Build(snapshot.Lines, VisibleEnvironments, DateOnly.FromDateTime(asOf.UtcDateTime), freshness);
    }

    public async Task<EcsServiceCost?> GetServiceCostAsync(string environment, string service, CancellationToken cancellationToken = default)
    {
        if (!_caller.CanSee(environment))
        {
            return null;
        }

        var report = await GetReportAsync(cancellationToken);
        return report.EcsServices.FirstOrDefault(s => s.Environment == environment && s.Service == service);
    }

    /// <summary>The CSV of every amount of the visible accounts.</summary>
    public async Task<string> ExportCsvAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await _cache.GetAsync(cancellationToken);
        return CostCsv.Write(snapshot.Lines, VisibleEnvironments.ToDictionary(e => e.AccountId, e => e.Name, StringComparer.Ordinal));
    }

    public async Task<CostRefreshResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        // Refreshing spends Cost Explorer requests (charged) for every account: an administrator's
        // portal-wide action, like running the doctor, which also calls Cost Explorer.
        var decision = await _access.AuthorizeAsync(PortalAction.RunDoctor, RoleCapabilities.PortalWide, service: "costs", serviceTags: null, cancellationToken);
        if (!decision.Allowed)
        {
            return new CostRefreshResult(false, 0, decision.Reason ?? "Refreshing costs needs the administrator role in ops.");
        }

        var outcome = await _refresher.RefreshRequestedAsync(_caller.AuditName, cancellationToken);
        return new CostRefreshResult(outcome.Refreshed, outcome.Requests, outcome.Message);
    }

    public void Dispose() => _cache.Changed -= OnCacheChanged;

    private void OnCacheChanged() => Changed?.Invoke();
}
