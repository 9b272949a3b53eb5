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

    /// <summary>
    /// Sets <see cref="ArchivedServiceDeployment.LedgerDeploymentId"/> on the rows of one service (all
    /// its archived rows, so each ledger deployment chooses among every candidate in its window).
    /// </summary>
    public static async Task StandInAsync(
        PortalDbContext context, string environment, string cluster, string service, IReadOnlyList<ArchivedServiceDeployment> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var from = rows.Min(r => r.CreatedAt) - After;
        var to = rows.Max(r => r.CreatedAt) + Before;
        var ids = rows.Select(r => r.EcsDeploymentId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var ledger = await context.Deployments.AsNoTracking()
            .Where(d => d.Environment == environment && d.Cluster == cluster && d.Service == service && d.UpdatedServiceAt != null
                && ((d.UpdatedServiceAt >= from && d.UpdatedServiceAt <= to) || (d.EcsDeploymentId != null && ids.Contains(d.EcsDeploymentId))))
            .Select(d => new LedgerRollout(d.Id, d.UpdatedServiceAt!.Value, d.EcsDeploymentId))
            .ToListAsync(cancellationToken);
        var ordered = rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.ServiceDeploymentArn, StringComparer.Ordinal).ToList();
        var standIns = Match(ledger, [.. ordered.Select((r, i) => new EcsRollout(i, r.CreatedAt, r.EcsDeploymentId))]);
        for (var i = 0; i < ordered.Count; i++)
        {
            var standIn = standIns.TryGetValue(i, out var id) ? id : (Guid?)null;
            if (ordered[i].LedgerDeploymentId != standIn)
            {
                ordered[i].LedgerDeploymentId = standIn;
            }
        }
    }

    /// <summary>
    /// Which ledger deployment stands for which service deployment of one service (by the candidate's
    /// index): the one with the same ECS deployment id, else the one created closest in time to the
    /// ledger's update of the service.
    /// </summary>
    public static Dictionary<int, Guid> Match(IEnumerable<LedgerRollout> ledger, IReadOnlyList<EcsRollout> candidates)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(candidates);
        var matched = new Dictionary<int, Guid>();
        foreach (var rollout in ledger.OrderBy(l => l.UpdatedServiceAt))
        {
            var same = rollout.EcsDeploymentId is null
                ? null
                : candidates.Where(c => c.EcsDeploymentId == rollout.EcsDeploymentId).MinBy(c => c.Index);
            if (same is not null)
            {
                matched.TryAdd(same.Index, rollout.Id);
                continue;
            }

            // Two known ids that differ are two rollouts, however close in time.
            var closest = candidates
                .Where(c => c.EcsDeploymentId is null || rollout.EcsDeploymentId is null)
                .Where(c => c.CreatedAt >= rollout.UpdatedServiceAt - Before && c.CreatedAt <= rollout.UpdatedServiceAt + After)
                .OrderBy(c => (c.CreatedAt - rollout.UpdatedServiceAt).Duration())
                .ThenBy(c => c.Index)
                .FirstOrDefault();
            if (closest is not null)
            {
                matched.TryAdd(closest.Index, rollout.Id);
            }
        }

        return matched;
    }
}

/// <summary>A ledger deployment that updated its service, as the matching reads it.</summary>
public sealed record LedgerRollout(Guid Id, DateTimeOffset UpdatedServiceAt, string? EcsDeploymentId);

/// <summary>An archived service deployment of the same service, as the matching reads it.</summary>
public sealed record EcsRollout(int Index, DateTimeOffset CreatedAt, string? EcsDeploymentId);
