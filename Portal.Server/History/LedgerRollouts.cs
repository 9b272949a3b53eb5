using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;

namespace Portal.Server.History;

/// <summary>
/// Which of ECS's archived service deployments a deployment of the ledger already stands for, so the
/// timeline shows each rollout once. A ledger deployment stands for the service deployment of the same
/// environment, cluster and service that carries its ECS deployment id; when either id is unknown, for
/// the one created closest to the moment the portal updated the service, from <see cref="Before"/>
/// before it to <see cref="After"/> after it. ECS relates its deployment ids and its service deployment
/// ARNs only through time, and the archive learns an id only when the poller saw the rollout.
/// </summary>
public static class LedgerRollouts
{
    /// <summary>ECS creates the service deployment while UpdateService runs, a little before the ledger notes the update.</summary>
    public static readonly TimeSpan Before = TimeSpan.FromSeconds(5);

    /// <summary>Clocks differ between the portal's host and AWS; a rollout is never created this long after it was asked for.</summary>
    public static readonly TimeSpan After = TimeSpan.FromSeconds(60);

    /// <summary>The ids of <paramref name="rows"/> that a ledger deployment stands for.</summary>
    public static async Task<HashSet<long>> StoodForAsync(PortalDbContext context, IReadOnlyList<ArchivedServiceDeployment> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        var environments = rows.Select(r => r.Environment).Distinct(StringComparer.Ordinal).ToList();
        var services = rows.Select(r => r.Service).Distinct(StringComparer.Ordinal).ToList();
        var keys = rows.Select(r => (r.Environment, r.Cluster, r.Service)).ToHashSet();
        var from = rows.Min(r => r.CreatedAt) - After;
        var to = rows.Max(r => r.CreatedAt) + Before;
        var ids = rows.Select(r => r.EcsDeploymentId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        var ledger = (await context.Deployments.AsNoTracking()
                .Where(d => environments.Contains(d.Environment) && services.Contains(d.Service) && d.UpdatedServiceAt != null
                    && ((d.UpdatedServiceAt >= from && d.UpdatedServiceAt <= to) || (d.EcsDeploymentId != null && ids.Contains(d.EcsDeploymentId))))
                .Select(d => new LedgerRollout(d.Environment, d.Cluster, d.Service, d.UpdatedServiceAt!.Value, d.EcsDeploymentId))
                .ToListAsync(cancellationToken))
            .Where(l => keys.Contains((l.Environment, l.Cluster, l.Service)))
            .ToList();
        if (ledger.Count == 0)
        {
            return [];
        }

        // Each ledger deployment chooses among every service deployment in its window, including those
        // outside rows: the choice must not depend on where a page happens to begin or end.
        var windowFrom = ledger.Min(l => l.UpdatedServiceAt) - Before;
        var windowTo = ledger.Max(l => l.UpdatedServiceAt) + After;
        var ledgerIds = ledger.Select(l => l.EcsDeploymentId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var rivals = await context.ArchivedServiceDeployments.AsNoTracking()
            .Where(e => environments.Contains(e.Environment) && services.Contains(e.Service)
                && ((e.CreatedAt >= windowFrom && e.CreatedAt <= windowTo) || (e.EcsDeploymentId != null && ledgerIds.Contains(e.EcsDeploymentId))))
            .Select(e => new EcsRollout(e.Id, e.Environment, e.Cluster, e.Service, e.CreatedAt, e.EcsDeploymentId))
            .ToListAsync(cancellationToken);
        var candidates = rivals
            .Concat(rows.Select(r => new EcsRollout(r.Id, r.Environment, r.Cluster, r.Service, r.CreatedAt, r.EcsDeploymentId)))
            .DistinctBy(c => c.Id)
            .ToList();
        var matched = Match(ledger, candidates);
        return rows.Select(r => r.Id).Where(matched.Contains).ToHashSet();
    }

    /// <summary>The ids of the service deployments the ledger deployments stand for: by ECS deployment id, else the closest in time.</summary>
    public static HashSet<long> Match(IEnumerable<LedgerRollout> ledger, IReadOnlyCollection<EcsRollout> candidates)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(candidates);
        var byService = candidates.ToLookup(c => (c.Environment, c.Cluster, c.Service));
        var matched = new HashSet<long>();
        foreach (var rollout in ledger)
        {
            var ofService = byService[(rollout.Environment, rollout.Cluster, rollout.Service)].ToList();
            var same = rollout.EcsDeploymentId is null
                ? null
                : ofService.Where(c => c.EcsDeploymentId == rollout.EcsDeploymentId).MinBy(c => c.Id);
            if (same is not null)
            {
                matched.Add(same.Id);
                continue;
            }

            // Two known ids that differ are two rollouts, however close in time.
            var closest = ofService
                .Where(c => c.EcsDeploymentId is null || rollout.EcsDeploymentId is null)
                .Where(c => c.CreatedAt >= rollout.UpdatedServiceAt - Before && c.CreatedAt <= rollout.UpdatedServiceAt + After)
                .OrderBy(c => (c.CreatedAt - rollout.UpdatedServiceAt).Duration())
                .ThenBy(c => c.Id)
                .FirstOrDefault();
            if (closest is not null)
            {
                matched.Add(closest.Id);
            }
        }

        return matched;
    }
}

/// <summary>A ledger deployment that updated its service, as the matching reads it.</summary>
public sealed record LedgerRollout(string Environment, string Cluster, string Service, DateTimeOffset UpdatedServiceAt, string? EcsDeploymentId);

/// <summary>An archived service deployment, as the matching reads it.</summary>
public sealed record EcsRollout(long Id, string Environment, string Cluster, string Service, DateTimeOffset CreatedAt, string? EcsDeploymentId);
