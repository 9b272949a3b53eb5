using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.Shared.Environments;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Server.Fleet;

/// <summary>
/// The fleet as pages and the API read it: the store's snapshots with health evaluated at the
/// moment of reading, so staleness shows even when no refresh arrives. An evaluation is reused
/// by every reader for a few seconds, so many open pages cost one evaluation, not one each.
/// </summary>
public sealed class FleetView : IFleetView, IDisposable
{
    private static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, Evaluation> _evaluations = new(StringComparer.Ordinal);
    private readonly FleetStore _store;
    private readonly TimeProvider _time;
    private readonly IOptions<PollingOptions> _polling;
    private readonly IOptions<HealthThresholds> _thresholds;
    private readonly Dictionary<string, EnvironmentInfo> _environments;

    public FleetView(FleetStore store, IEnvironmentCatalog catalog, TimeProvider time, IOptions<PollingOptions> polling, IOptions<HealthThresholds> thresholds)
    {
        _store = store;
        _time = time;
        _polling = polling;
        _thresholds = thresholds;
        Environments = catalog.Environments.Select(e => e.Info).ToList();
        _environments = Environments.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        _store.Changed += OnStoreChanged;
    }

    public IReadOnlyList<EnvironmentInfo> Environments { get; }

    public event Action<string>? Changed;

    public EnvironmentView? Find(string environment)
    {
        if (!_environments.TryGetValue(environment, out var info))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var record = _store.Get(info.Name);
        var moment = now.UtcTicks / ReuseFor.Ticks;
        if (_evaluations.TryGetValue(info.Name, out var reused) && ReferenceEquals(reused.Record, record) && reused.Moment == moment)
        {
            return reused.View;
        }

        var view = Evaluate(info, record, now);
        _evaluations[info.Name] = new Evaluation(record, moment, view);
        return view;
    }

    public void Dispose() => _store.Changed -= OnStoreChanged;

    private EnvironmentView Evaluate(EnvironmentInfo info, EnvironmentRecord record, DateTimeOffset now)
    {
        var staleAfter = _polling.Value.StaleAfter;
        var snapshot = record.Snapshot;
        var cloudWatch = snapshot?.CloudWatch ?? PartRead.Never;
        var isStale = snapshot is null || record.LastError is not null || now - snapshot.TakenAt > staleAfter;
        var cloudWatchIsStale = cloudWatch.LastError is not null || cloudWatch.ReadAt is not { } readAt || now - readAt > staleAfter;
        var freshness = new EnvironmentFreshness(
            snapshot?.TakenAt,
            record.LastAttemptAt,
            record.LastError,
            isStale,
            new CloudWatchFreshness(cloudWatch.ReadAt, cloudWatch.LastError, cloudWatchIsStale));
        if (snapshot is null)
        {
            return new EnvironmentView(info, freshness, []);
        }

        var evaluation = new SnapshotFreshness(snapshot.TakenAt, record.LastError, cloudWatch.LastError, staleAfter);
        var thresholds = _thresholds.Value;
        var clusters = snapshot.Clusters
            .Select(cluster => new ClusterView(cluster, cluster.Services
                .Select(service => new ServiceView(info.Name, service, HealthRules.Evaluate(service, now, evaluation, thresholds)))
                .ToList()))
            .ToList();
        return new EnvironmentView(info, freshness, clusters);
    }

    private void OnStoreChanged(string environment) => Changed?.Invoke(environment);

    private sealed record Evaluation(EnvironmentRecord Record, long Moment, EnvironmentView View);
}
