using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>Reads the ledger rows and alarm changes the delivery figures need and computes them.</summary>
public sealed class FiguresReader(IDbContextFactory<PortalDbContext> contexts)
{
    private static readonly TimeSpan RegressionLookBack = TimeSpan.FromDays(1);

    public async Task<DeliveryFigures> ReadAsync(
        string? environment, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> visibleEnvironments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibleEnvironments);
        var environments = environment is null ? visibleEnvironments.ToList() : visibleEnvironments.Where(e => e == environment).ToList();
        if (environments.Count == 0)
        {
            return DeliveryFigures.Compute(environment, from, to, [], []);
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);

        var deployments = await context.Deployments.AsNoTracking()
            .Where(d => environments.Contains(d.Environment) && d.RequestedAt >= from && d.RequestedAt < to)
            .Select(d => new FigureDeployment(d.Environment, d.Cluster, d.Service, d.Kind, d.Status, d.RequestedAt, d.FinishedAt))
            .ToListAsync(cancellationToken);

        // Deploys made outside the portal count too: ECS recorded them, and no ledger deployment stands for them.
        var outside = await context.ArchivedServiceDeployments.AsNoTracking()
            .Where(d => environments.Contains(d.Environment) && d.LedgerDeploymentId == null && d.CreatedAt >= from && d.CreatedAt < to)
            .Select(d => new { d.Environment, d.Cluster, d.Service, d.Status, d.CreatedAt, d.FinishedAt })
            .ToListAsync(cancellationToken);
        deployments.AddRange(outside.Select(d => new FigureDeployment(
            d.Environment, d.Cluster, d.Service, Deployments.DeploymentKinds.Deploy, EcsStatuses.AsDeploymentStatus(d.Status), d.CreatedAt, d.FinishedAt)));

        // Changes after the period are read too, since a regression begun in it may end after it, and
        // a day before it, so one already under way as the period opens is not taken as a new one.
        var since = from - RegressionLookBack;
        var alarmChanges = await context.ArchivedAlarmChanges.AsNoTracking()
            .Where(c => environments.Contains(c.Environment) && c.ChangedAt >= since)
            .Select(c => new FigureAlarmChange(c.Environment, c.Cluster, c.Service, c.AlarmName, c.State, c.ChangedAt))
            .ToListAsync(cancellationToken);
        return DeliveryFigures.Compute(environment, from, to, deployments, alarmChanges);
    }
}
