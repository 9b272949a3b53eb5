using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>Reads the ledger rows the delivery figures need and computes them.</summary>
public sealed class FiguresReader(IDbContextFactory<PortalDbContext> contexts)
{
    public async Task<DeliveryFigures> ReadAsync(
        string? environment, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> visibleEnvironments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visibleEnvironments);
        var environments = environment is null ? visibleEnvironments.ToList() : visibleEnvironments.Where(e => e == environment).ToList();
        if (environments.Count == 0)
        {
            return DeliveryFigures.Compute(environment, from, to, []);
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);

        // Later deployments are read too: a failure in the period may be recovered after it.
        var rows = await context.Deployments.AsNoTracking()
            .Where(d => environments.Contains(d.Environment) && d.RequestedAt >= from)
            .Select(d => new FigureDeployment(d.Environment, d.Cluster, d.Service, d.Kind, d.Status, d.RequestedAt, d.FinishedAt))
            .ToListAsync(cancellationToken);
        return DeliveryFigures.Compute(environment, from, to, rows);
    }
}
