using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.Fleet;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>
/// Reads the timeline from the ledger, the event archive, the archive of ECS's service deployments and
/// the alarm changes for a given set of visible environments. Each source is asked for one page past the
/// cursor (keyset on time, then id), and they are merged in memory, so a page costs a few index range scans
/// whatever the history's size. A service deployment the ledger already stands for (its
/// <see cref="ArchivedServiceDeployment.LedgerDeploymentId"/>, set by <see cref="LedgerRollouts"/> when it was archived)
/// is left out: the ledger's row tells that rollout with who asked for it.
/// </summary>
public sealed class TimelineReader(IDbContextFactory<PortalDbContext> contexts)
{
    private static readonly ArchiveColumns<ArchivedServiceEvent> EventColumns =
        new(TimelineCursor.EventRank, e => e.Environment, e => e.Cluster, e => e.Service, e => e.CreatedAt, e => e.Id);

    private static readonly ArchiveColumns<ArchivedAlarmChange> AlarmColumns =
        new(TimelineCursor.AlarmRank, c => c.Environment, c => c.Cluster, c => c.Service, c => c.ChangedAt, c => c.Id);

    private static readonly ArchiveColumns<ArchivedServiceDeployment> EcsDeploymentColumns =
        new(TimelineCursor.EcsDeploymentRank, d => d.Environment, d => d.Cluster, d => d.Service, d => d.CreatedAt, d => d.Id);

    private static readonly ArchiveColumns<ArchivedStoppedTask> TaskColumns =
        new(TimelineCursor.TaskRank, t => t.Environment, t => t.Cluster, t => t.Service, t => t.StoppedAt, t => t.Id);

    /// <summary>A folded page reads at most this many single rows, so a long run of repeats costs a bounded read; the page then ends inside the run.</summary>
    public const int MaxRowsPerFoldedPage = 2000;

    /// <summary>
    /// One page of the timeline. Folded, a page holds <see cref="TimelineQuery.PageSize"/> rows as a
    /// person sees them, folds counting once: single rows are read in batches past the cursor until the
    /// folds make a page, and the page ends just before the first row that did not fit, so its cursor is a
    /// single row's and the next page starts exactly there. A fold the end cut short continues on the next
    /// page, where <see cref="TimelineFolding.Append"/> joins it up again.
    /// </summary>
    public async Task<TimelinePage> ReadAsync(TimelineQuery query, IReadOnlyCollection<string> visibleEnvironments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.Fold)
        {
            return await ReadRowsAsync(query, visibleEnvironments, cancellationToken);
        }

        var size = Math.Clamp(query.PageSize, 1, TimelineQuery.MaxPageSize);
        var batch = query with { PageSize = Math.Min(size * 2, TimelineQuery.MaxPageSize), Fold = false };
        var rows = new List<TimelineItem>();
        while (true)
        {
            var read = await ReadRowsAsync(batch, visibleEnvironments, cancellationToken);
            rows.AddRange(read.Items);
            var folded = TimelineFolding.Fold(rows);
            if (folded.Count > size)
            {
                var firstLeftOut = rows.IndexOf(TimelineFolding.Members(folded[size]).First());
                var kept = rows[..firstLeftOut];
                return new TimelinePage(TimelineFolding.Fold(kept), TimelineCursor.Of(kept[^1]).ToString());
            }

            if (read.Next is null)
            {
                return new TimelinePage(folded, null);
            }

            if (rows.Count >= MaxRowsPerFoldedPage)
            {
                return new TimelinePage(folded, read.Next);
            }

            batch = batch with { After = read.Next };
        }
    }

    private async Task<TimelinePage> ReadRowsAsync(TimelineQuery query, IReadOnlyCollection<string> visibleEnvironments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibleEnvironments);
        var environments = query.Environment is null
            ? visibleEnvironments.ToList()
            : visibleEnvironments.Where(e => e == query.Environment).ToList();
        if (environments.Count == 0)
        {
            return new TimelinePage([], null);
        }

        TimelineCursor.TryParse(query.After, out var cursor);
        var size = Math.Clamp(query.PageSize, 1, TimelineQuery.MaxPageSize);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var items = new List<TimelineItem>();
        if (query.Kind is null or TimelineKind.Deploy)
        {
            items.AddRange(await DeploymentsAsync(context, query, environments, cursor, size, cancellationToken));
        }

        if (query.Kind is null or TimelineKind.Event && TakesArchived(query, TimelineItem.EventSource))
        {
            items.AddRange(await EventsAsync(context, query, environments, cursor, size, cancellationToken));
        }

        if (query.Kind is null or TimelineKind.EcsDeployment && TakesArchived(query, TimelineItem.EventSource))
        {
            items.AddRange(await EcsDeploymentsAsync(context, query, environments, cursor, size, cancellationToken));
        }

        if (query.Kind is null or TimelineKind.Alarm && TakesArchived(query, TimelineItem.AlarmSource))
        {
            items.AddRange(await AlarmChangesAsync(context, query, environments, cursor, size, cancellationToken));
        }

        if (query.Kind is null or TimelineKind.Task && TakesArchived(query, TimelineItem.EventSource))
        {
            var rows = await ArchivePage.Of(context.ArchivedStoppedTasks.AsNoTracking(), TaskColumns, query, environments, cursor, size).ToListAsync(cancellationToken);
            items.AddRange(rows.Select(ToItem));
        }

        items.Sort(TimelineCursor.Order);
        var page = items.Take(size).ToList();
        var next = items.Count > size ? TimelineCursor.Of(page[^1]).ToString() : null;
        return new TimelinePage(page, next);
    }

    /// <summary>
    /// Events, ECS's service deployments and alarm changes name no actor and have no ledger outcome:
    /// filtering on either keeps the ledger's deployments only.
    /// </summary>
    private static bool TakesArchived(TimelineQuery query, string source) =>
        query.Actor is null && query.Outcome is null && (query.Source is null || query.Source == source);

    private static async Task<List<TimelineItem>> DeploymentsAsync(
        PortalDbContext context, TimelineQuery query, List<string> environments, TimelineCursor? cursor, int size, CancellationToken cancellationToken)
    {
        if (query.Source == TimelineItem.EventSource)
        {
            return [];
        }

        var filtered = context.Deployments.AsNoTracking();

        // One environment is compared with =, so the database can use the index that starts with it.
        filtered = environments.Count == 1
            ? filtered.Where(d => d.Environment == environments[0])
            : filtered.Where(d => environments.Contains(d.Environment));
        if (query.Cluster is { } cluster)
        {
            filtered = filtered.Where(d => d.Cluster == cluster);
        }

        if (query.Service is { } service)
        {
            filtered = filtered.Where(d => d.Service == service);
        }

        if (query.Actor is { } actor)
        {
            filtered = filtered.Where(d => d.Actor == actor);
        }

        if (query.Source is { } source)
        {
            filtered = filtered.Where(d => d.Source == source);
        }

        if (query.Outcome is { } outcome)
        {
            if (!Enum.TryParse<Shared.Deployments.DeploymentStatus>(outcome, ignoreCase: true, out var status))
            {
                return [];
            }

            filtered = filtered.Where(d => d.Status == status);
        }

        if (query.From is { } from)
        {
            filtered = filtered.Where(d => d.RequestedAt >= from);
        }

        if (query.To is { } to)
        {
            filtered = filtered.Where(d => d.RequestedAt < to);
        }

        // Guids order differently in each database and in .NET, so ties on time are settled in
        // memory: the rows at the cursor's instant and at the page's last instant are read whole.
        var rows = new List<Deployment>();
        var older = filtered;
        if (cursor is not null)
        {
            var at = new DateTimeOffset(cursor.UtcTicks, TimeSpan.Zero);
            older = filtered.Where(d => d.RequestedAt < at);
            rows.AddRange(await filtered.Where(d => d.RequestedAt == at).ToListAsync(cancellationToken));
        }

        var page = await older.OrderByDescending(d => d.RequestedAt).Take(size + 1).ToListAsync(cancellationToken);
        rows.AddRange(page);
        if (page.Count == size + 1)
        {
            var last = page[^1].RequestedAt;
            rows.AddRange(await filtered.Where(d => d.RequestedAt == last).ToListAsync(cancellationToken));
        }

        return rows.DistinctBy(d => d.Id).Select(ToItem).Where(i => cursor is null || cursor.Precedes(i)).ToList();
    }

    private static async Task<List<TimelineItem>> EventsAsync(
        PortalDbContext context, TimelineQuery query, List<string> environments, TimelineCursor? cursor, int size, CancellationToken cancellationToken)
    {
        var rows = await ArchivePage.Of(context.ArchivedServiceEvents.AsNoTracking(), EventColumns, query, environments, cursor, size).ToListAsync(cancellationToken);
        return rows.Select(ToItem).ToList();
    }

    private static async Task<List<TimelineItem>> AlarmChangesAsync(
        PortalDbContext context, TimelineQuery query, List<string> environments, TimelineCursor? cursor, int size, CancellationToken cancellationToken)
    {
        var rows = await ArchivePage.Of(context.ArchivedAlarmChanges.AsNoTracking(), AlarmColumns, query, environments, cursor, size).ToListAsync(cancellationToken);
        return rows.Select(ToItem).ToList();
    }

    private static async Task<List<TimelineItem>> EcsDeploymentsAsync(
        PortalDbContext context, TimelineQuery query, List<string> environments, TimelineCursor? cursor, int size, CancellationToken cancellationToken)
    {
        // Rows the ledger stands for are its own deploys, shown by the ledger's row.
        var outside = context.ArchivedServiceDeployments.AsNoTracking().Where(d => d.LedgerDeploymentId == null);
        var rows = await ArchivePage.Of(outside, EcsDeploymentColumns, query, environments, cursor, size).ToListAsync(cancellationToken);
        return rows.Select(ToItem).ToList();
    }

    private static TimelineItem ToItem(Deployment d) => new(
        TimelineKind.Deploy,
        d.Id.ToString("N", CultureInfo.InvariantCulture),
        d.RequestedAt,
        d.Environment,
        d.Cluster,
        d.Service,
        d.Source,
        $"{(d.Kind == Deployments.DeploymentKinds.Rollback ? "Rollback" : "Deploy")} of {d.Image} by {d.Actor}: {d.Status}",
        new TimelineDeployment(
            d.Id, d.Kind, d.Actor, d.Status, d.Outcome, d.FromTaskDefinition, d.ToTaskDefinition, d.Image, d.Reason,
            d.RequestedAt, d.UpdatedServiceAt, d.FinishedAt,
            HistoryLinks.ForDeployment(d.Environment, d.Cluster, d.Service, d.RequestedAt, d.FinishedAt)),
        null);

    /// <summary>The key pads the id so that ordinal order is numeric order.</summary>
    private static TimelineItem ToItem(ArchivedServiceEvent e) => new(
        TimelineKind.Event,
        e.Id.ToString("D19", CultureInfo.InvariantCulture),
        e.CreatedAt,
        e.Environment,
        e.Cluster,
        e.Service,
        TimelineItem.EventSource,
        e.Message,
        null,
        new TimelineEvent(e.EventId, e.Class, e.Message));

    private static TimelineItem ToItem(ArchivedStoppedTask t)
    {
        var id = t.TaskArn[(t.TaskArn.LastIndexOf('/') + 1)..];
        return new TimelineItem(
            TimelineKind.Task,
            t.Id.ToString("D19", CultureInfo.InvariantCulture),
            t.StoppedAt,
            t.Environment,
            t.Cluster,
            t.Service,
            TimelineItem.EventSource,
            $"Task {id[..Math.Min(8, id.Length)]} stopped: {t.Summary}",
            null,
            null)
        {
            Task = new TimelineTask(t.TaskArn, id, TaskDefinitionArns.Revision(t.TaskDefinitionArn), t.StopCode, t.Summary, t.Unexpected),
        };
    }

    private static TimelineItem ToItem(ArchivedAlarmChange c) => new(
        TimelineKind.Alarm,
        c.Id.ToString("D19", CultureInfo.InvariantCulture),
        c.ChangedAt,
        c.Environment,
        c.Cluster,
        c.Service,
        TimelineItem.AlarmSource,
        $"Alarm {c.AlarmName}: {c.State}",
        null,
        null,
        Alarm: new TimelineAlarm(c.AlarmName, c.State, c.Severity, c.MetricName, c.Threshold, c.Reason));

    private static TimelineItem ToItem(ArchivedServiceDeployment d)
    {
        var revision = d.TargetTaskDefinition is { } taskDefinition
            ? $" of {TaskDefinitionArns.Family(taskDefinition)}:{TaskDefinitionArns.Revision(taskDefinition)}"
            : string.Empty;
        return new TimelineItem(
            TimelineKind.EcsDeployment,
            d.Id.ToString("D19", CultureInfo.InvariantCulture),
            d.CreatedAt,
            d.Environment,
            d.Cluster,
            d.Service,
            TimelineItem.EventSource,
            $"Deploy outside the portal{revision}: {d.Status}",
            null,
            null,
            new TimelineEcsDeployment(
                d.ServiceDeploymentArn,
                d.Status,
                d.StatusReason,
                d.CreatedAt,
                d.StartedAt,
                d.FinishedAt,
                d.TargetServiceRevisionArn,
                d.TargetTaskDefinition,
                ServiceDeploymentArchive.SplitRevisions(d.SourceServiceRevisionArns),
                d.EcsDeploymentId,
                d.RollbackStartedAt is { } rollbackAt ? new TimelineRollback(d.RollbackReason ?? string.Empty, rollbackAt, d.RollbackServiceRevisionArn) : null,
                HistoryLinks.ForDeployment(d.Environment, d.Cluster, d.Service, d.CreatedAt, d.FinishedAt)));
    }
}
