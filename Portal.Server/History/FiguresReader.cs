using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>Reads the ledger rows and alarm changes the delivery figures need and computes them.</summary>
public sealed class FiguresReader(IDbContextFactory<PortalDbContext> contexts)
{
    private static readonly TimeSpan RegressionLookBack = TimeSpan.FromDays(1);

    /// <summary>A rollback this long after the period still marks a deploy in it as failed.</summary>
    private static readonly TimeSpan RollbackLookAhead = TimeSpan.FromDays(1);

    public Task<DeliveryFigures> ReadAsync(
        string? environment, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> visibleEnvironments, CancellationToken cancellationToken) =>
        ReadAsync(FiguresQuery.OfEnvironment(environment, from, to), visibleEnvironments, cancellationToken);

    public async Task<DeliveryFigures> ReadAsync(FiguresQuery query, IReadOnlyCollection<string> visibleEnvironments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(visibleEnvironments);
        var environments = query.Environment is null ? visibleEnvironments.ToList() : visibleEnvironments.Where(e => e == query.Environment).ToList();
        if (environments.Count == 0)
        {
            return DeliveryFigures.Compute(query, [], []);
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);

        // Everyone's deployments of the services in scope are read, as a rollback by someone else still
        // undoes a deploy; who asked and how is filtered when the figures are computed.
        var until = query.To + RollbackLookAhead;
        var ledger = context.Deployments.AsNoTracking().Where(d => environments.Contains(d.Environment) && d.RequestedAt >= query.From && d.RequestedAt < until);
        var outside = context.ArchivedServiceDeployments.AsNoTracking()
            .Where(d => environments.Contains(d.Environment) && d.LedgerDeploymentId == null && d.CreatedAt >= query.From && d.CreatedAt < until);
        var alarms = context.ArchivedAlarmChanges.AsNoTracking().Where(c => environments.Contains(c.Environment) && c.ChangedAt >= query.From - RegressionLookBack);
        if (query.Cluster is { } cluster)
        {
            ledger = ledger.Where(d => d.Cluster == cluster);
            outside = outside.Where(d => d.Cluster == cluster);
            alarms = alarms.Where(c => c.Cluster == cluster);
        }

        if (query.Service is { } service)
        {
            ledger = ledger.Where(d => d.Service == service);
            outside = outside.Where(d => d.Service == service);
            alarms = alarms.Where(c => c.Service == service);
        }

        var deployments = await ledger
            .Select(d => new FigureDeployment(d.Environment, d.Cluster, d.Service, d.Kind, d.Status, d.RequestedAt, d.FinishedAt, d.Actor, d.Source))
            .ToListAsync(cancellationToken);

        // Deploys made outside the portal count too: ECS recorded them, and no ledger deployment stands for them.
        var outsideRows = await outside.Select(d => new { d.Environment, d.Cluster, d.Service, d.Status, d.CreatedAt, d.FinishedAt }).ToListAsync(cancellationToken);
        deployments.AddRange(outsideRows.Select(d => new FigureDeployment(
            d.Environment, d.Cluster, d.Service, Deployments.DeploymentKinds.Deploy, EcsStatuses.AsDeploymentStatus(d.Status), d.CreatedAt, d.FinishedAt,
            Actor: null, Source: TimelineItem.EventSource)));

        // Changes after the period are read too, since a regression begun in it may end after it, and
        // a day before it, so one already under way as the period opens is not taken as a new one.
        var alarmChanges = await alarms
            .Select(c => new FigureAlarmChange(c.Environment, c.Cluster, c.Service, c.AlarmName, c.State, c.ChangedAt))
            .ToListAsync(cancellationToken);
        return DeliveryFigures.Compute(query, deployments, alarmChanges);
    }
}
