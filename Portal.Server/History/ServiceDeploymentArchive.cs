using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Fleet;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>What one pass over an environment's snapshot did.</summary>
public sealed record ServiceDeploymentRound(int Asked, int Added, int Updated, int Failed, int Deferred)
{
    public static ServiceDeploymentRound None { get; } = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Keeps ECS's service deployments (every deploy of a service, also those made outside the portal)
/// beyond the 90 days ECS keeps them. After each refresh of an environment it asks ECS, with the
/// portal's read role, only about the services that need it: on the first sight of a service it reads
/// the whole list (ListServiceDeployments, every page) and describes what is new or still changing
/// (DescribeServiceDeployments, 20 at a time); afterwards only when the snapshot shows the service's
/// deployments changed (a new deployment id or rollout state) or while an archived one has not
/// finished. Rows are upserted by ARN, as their status changes. A throttled or failed call is logged
/// and the service is asked again after the next refresh; nothing here can stop the poller or the host.
/// </summary>
/// <remarks>
/// <see cref="HistoryRecorder"/> hands it one refreshed environment at a time, so the per-service
/// state needs no locking. At most <see cref="HistoryOptions.ServiceDeploymentReadsPerRefresh"/> services
/// of an environment are asked per refresh, so a first start spreads its backfill over a few refreshes
/// instead of spending the account's ECS read rate at once.
/// </remarks>
public sealed partial class ServiceDeploymentArchive(
    IEnvironmentCatalog catalog,
    IEcs ecs,
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<HistoryOptions> options,
    TimeProvider time,
    ILogger<ServiceDeploymentArchive> logger)
    : IHistoryArchive
{
    /// <summary>A service deployment and the rollout of the snapshot it started are created together.</summary>
    private static readonly TimeSpan RelateTolerance = TimeSpan.FromSeconds(2);

    /// <summary>Per environment, what each service's deployments looked like when ECS was last asked about them successfully.</summary>
    private readonly Dictionary<string, Dictionary<(string Cluster, string Service), ServiceState>> _known = new(StringComparer.Ordinal);

    /// <summary>Asks ECS about the services of the snapshot that need it and archives what it answers.</summary>
    public async Task<ServiceDeploymentRound> ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var environment = catalog.Environments.FirstOrDefault(e => e.Name == snapshot.Environment);
        if (environment is null)
        {
            return ServiceDeploymentRound.None;
        }

        if (!_known.TryGetValue(environment.Name, out var known))
        {
            known = [];
            _known[environment.Name] = known;
        }

        // Services gone from the fleet are forgotten; their archived rows stay.
        var present = snapshot.Services.Select(s => (s.Cluster, s.Name)).ToHashSet();
        foreach (var gone in known.Keys.Where(k => !present.Contains(k)).ToList())
        {
            known.Remove(gone);
        }

        // Changes of services already archived come before first sights, which only fill in the past.
        var due = snapshot.Services
            .Select(service => (Service: service, Fingerprint: Fingerprint(service), State: known.GetValueOrDefault((service.Cluster, service.Name))))
            .Where(s => s.State is null || s.State.Unfinished || s.State.Fingerprint != s.Fingerprint)
            .OrderBy(s => s.State is null ? 1 : 0)
            .ThenBy(s => s.Service.Cluster, StringComparer.Ordinal)
            .ThenBy(s => s.Service.Name, StringComparer.Ordinal)
            .ToList();
        var limit = options.Value.ServiceDeploymentReadsPerRefresh;
        int asked = 0, added = 0, updated = 0, failed = 0;
        foreach (var (service, fingerprint, _) in due.Take(limit))
        {
            asked++;
            try
            {
                var (isNew, changed, unfinished) = await ArchiveServiceAsync(environment, service, cancellationToken);
                added += isNew;
                updated += changed;
                known[(service.Cluster, service.Name)] = new ServiceState(fingerprint, unfinished);
            }
            catch (CloudThrottledException error)
            {
                // ECS's read rate is shared with the poller and the console: stop here, the rest waits.
                failed++;
                LogThrottled(logger, environment.Name, service.Cluster, service.Name, error.Operation, error.Message);
                break;
            }
            catch (CloudException error)
            {
                failed++;
                LogCallFailed(logger, environment.Name, service.Cluster, service.Name, error.Operation, error.Message);
            }
            catch (DbUpdateException error)
            {
                // Another instance archived some of them first; the next refresh asks again.
                failed++;
                LogRace(logger, environment.Name, service.Cluster, service.Name, error.Message);
            }
        }

        var round = new ServiceDeploymentRound(asked, added, updated, failed, due.Count - asked);
        if (asked > 0)
        {
            LogRound(logger, environment.Name, round.Asked, round.Added, round.Updated, round.Failed, round.Deferred);
        }

        return round;
    }

    /// <summary>Service revisions as one column holds them, separated by spaces.</summary>
    public static IReadOnlyList<string> SplitRevisions(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    async Task<int> IHistoryArchive.ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken)
    {
        var round = await ArchiveAsync(snapshot, cancellationToken);
        return round.Added + round.Updated;
    }

    /// <summary>Kept for good, as the ledger is: they are few, and the deploy history is what outlives ECS.</summary>
    public Task<int> PurgeAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>Reads one service's deployments from ECS and upserts them; returns how many rows were added and changed, and whether one is unfinished.</summary>
    private async Task<(int Added, int Updated, bool Unfinished)> ArchiveServiceAsync(FleetEnvironment environment, ServiceSnapshot service, CancellationToken cancellationToken)
    {
        var caller = environment.ReadCaller;
        var briefs = new List<EcsServiceDeploymentBrief>();
        string? token = null;
        do
        {
            var page = await ecs.ListServiceDeploymentsAsync(
                caller, new ListServiceDeploymentsRequest(service.Name, service.Cluster, NextToken: token, MaxResults: EcsLimits.ListServiceDeploymentsMax), cancellationToken);
            briefs.AddRange(page.ServiceDeployments);
            token = page.NextToken;
        }
        while (token is not null);

        briefs = briefs.DistinctBy(b => b.ServiceDeploymentArn, StringComparer.Ordinal).ToList();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await context.ArchivedServiceDeployments
            .Where(d => d.Environment == environment.Name && d.Cluster == service.Cluster && d.Service == service.Name)
            .ToDictionaryAsync(d => d.ServiceDeploymentArn, StringComparer.Ordinal, cancellationToken);

        // Only what is new or still changing is described; a finished one ECS reports unchanged is not.
        var toDescribe = briefs
            .Where(b => !rows.TryGetValue(b.ServiceDeploymentArn, out var row) || TimelineEcsDeployment.IsUnfinished(row.Status)
                || row.Status != b.Status || !SameMoment(row.FinishedAt, b.FinishedAt))
            .Select(b => b.ServiceDeploymentArn)
            .ToList();
        var described = new Dictionary<string, EcsServiceDeployment>(StringComparer.Ordinal);
        foreach (var chunk in toDescribe.Chunk(EcsLimits.DescribeServiceDeploymentsMax))
        {
            var answer = await ecs.DescribeServiceDeploymentsAsync(caller, new DescribeServiceDeploymentsRequest(chunk), cancellationToken);
            foreach (var deployment in answer.ServiceDeployments)
            {
                described[deployment.ServiceDeploymentArn] = deployment;
            }
        }

        var now = time.GetUtcNow();
        var added = 0;
        foreach (var brief in briefs)
        {
            if (!rows.TryGetValue(brief.ServiceDeploymentArn, out var row))
            {
                row = new ArchivedServiceDeployment
                {
                    Environment = environment.Name,
                    Cluster = service.Cluster,
                    Service = service.Name,
                    ServiceDeploymentArn = brief.ServiceDeploymentArn,
                    Status = brief.Status,
                };
                rows[brief.ServiceDeploymentArn] = row;
                context.ArchivedServiceDeployments.Add(row);
                added++;
            }

            Apply(row, brief, described.GetValueOrDefault(brief.ServiceDeploymentArn));
            row.LastCheckedAt = now;
        }

        Relate(rows.Values, service);
        await LedgerRollouts.StandInAsync(context, environment.Name, service.Cluster, service.Name, [.. rows.Values], cancellationToken);
        var updated = context.ChangeTracker.Entries<ArchivedServiceDeployment>()
            .Count(e => e.State == EntityState.Modified && e.Properties.Any(p => p.IsModified && p.Metadata.Name != nameof(ArchivedServiceDeployment.LastCheckedAt)));
        await context.SaveChangesAsync(cancellationToken);

        var listed = briefs.Select(b => b.ServiceDeploymentArn).ToHashSet(StringComparer.Ordinal);
        var unfinished = rows.Values.Any(r => listed.Contains(r.ServiceDeploymentArn) && TimelineEcsDeployment.IsUnfinished(r.Status));
        return (added, updated, unfinished);
    }

    /// <summary>Takes what ECS says now: the brief always, the description's details when there is one.</summary>
    private static void Apply(ArchivedServiceDeployment row, EcsServiceDeploymentBrief brief, EcsServiceDeployment? detail)
    {
        var createdAt = detail?.CreatedAt ?? brief.CreatedAt;
        if (!SameMoment(row.CreatedAt, createdAt))
        {
            row.CreatedAt = createdAt;
        }

        var startedAt = detail?.StartedAt ?? brief.StartedAt;
        if (!SameMoment(row.StartedAt, startedAt))
        {
            row.StartedAt = startedAt;
        }

        var finishedAt = detail?.FinishedAt ?? brief.FinishedAt;
        if (!SameMoment(row.FinishedAt, finishedAt))
        {
            row.FinishedAt = finishedAt;
        }

        row.Status = detail?.Status ?? brief.Status;
        row.StatusReason = Truncate(detail?.StatusReason ?? brief.StatusReason, PortalDbContext.ServiceDeploymentReasonLength);
        row.TargetServiceRevisionArn = Blank(detail?.TargetServiceRevision.Arn) ?? Blank(brief.TargetServiceRevisionArn) ?? row.TargetServiceRevisionArn;
        if (detail is null)
        {
            return;
        }

        row.SourceServiceRevisionArns = JoinRevisions(detail.SourceServiceRevisions.Select(r => r.Arn));
        if (detail.Rollback is { } rollback)
        {
            row.RollbackReason = Truncate(rollback.Reason, PortalDbContext.ServiceDeploymentReasonLength);
            if (!SameMoment(row.RollbackStartedAt, rollback.StartedAt))
            {
                row.RollbackStartedAt = rollback.StartedAt;
            }

            row.RollbackServiceRevisionArn = Blank(rollback.ServiceRevisionArn);
        }
    }

    /// <summary>
    /// Gives a service deployment the id and task definition of the rollout the snapshot shows for it:
    /// the deployment created at the same moment. The ledger records that id, which lets the timeline
    /// tell the portal's own deploys from those made outside it.
    /// </summary>
    private static void Relate(IEnumerable<ArchivedServiceDeployment> rows, ServiceSnapshot service)
    {
        var all = rows.ToList();
        var claimed = all.Select(r => r.EcsDeploymentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var row in all.Where(r => r.EcsDeploymentId is null).OrderByDescending(r => r.CreatedAt))
        {
            var rollout = service.Deployments
                .Where(d => !claimed.Contains(d.Id) && (d.CreatedAt - row.CreatedAt).Duration() <= RelateTolerance)
                .OrderBy(d => (d.CreatedAt - row.CreatedAt).Duration())
                .FirstOrDefault();
            if (rollout is null)
            {
                continue;
            }

            row.EcsDeploymentId = rollout.Id;
            row.TargetTaskDefinition ??= rollout.TaskDefinitionArn;
            claimed.Add(rollout.Id);
        }
    }

    /// <summary>What the service's deployments look like: a new deployment or rollout state changes it.</summary>
    private static string Fingerprint(ServiceSnapshot service) =>
        string.Join('|', service.Deployments.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => $"{d.Id}:{d.RolloutState}"));

    /// <summary>Whole ARNs only: those that do not fit the column are left out.</summary>
    private static string? JoinRevisions(IEnumerable<string> arns)
    {
        var kept = new List<string>();
        var length = 0;
        foreach (var arn in arns.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            if (arn.Length > PortalDbContext.ArnLength || length + arn.Length + kept.Count > PortalDbContext.SourceRevisionsLength)
            {
                continue;
            }

            kept.Add(arn);
            length += arn.Length;
        }

        return kept.Count == 0 ? null : string.Join(' ', kept);
    }

    /// <summary>
    /// PostgreSQL keeps microseconds, .NET ticks of 100 ns; ECS reports milliseconds. A time read back
    /// from the database is the same moment when it is within a millisecond.
    /// </summary>
    private static bool SameMoment(DateTimeOffset? stored, DateTimeOffset? reported) =>
        stored is null ? reported is null : reported is not null && (stored.Value - reported.Value).Duration() < TimeSpan.FromMilliseconds(1);

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private sealed record ServiceState(string Fingerprint, bool Unfinished);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Service deployments of {Environment}: {Asked} services asked, {Added} added, {Updated} updated, {Failed} failed, {Deferred} left for the next refresh")]
    private static partial void LogRound(ILogger logger, string environment, int asked, int added, int updated, int failed, int deferred);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ECS throttled {Operation} for {Environment}/{Cluster}/{Service}: {Message}; the environment's other services wait for the next refresh")]
    private static partial void LogThrottled(ILogger logger, string environment, string cluster, string service, string operation, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the service deployments of {Environment}/{Cluster}/{Service} failed at {Operation}: {Message}; asking again after the next refresh")]
    private static partial void LogCallFailed(ILogger logger, string environment, string cluster, string service, string operation, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Archiving the service deployments of {Environment}/{Cluster}/{Service} met another writer: {Message}")]
    private static partial void LogRace(ILogger logger, string environment, string cluster, string service, string message);
}
