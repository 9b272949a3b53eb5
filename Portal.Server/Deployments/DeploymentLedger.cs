using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

/// <summary>The durable record of every deploy and rollback, and the questions the deploy engine asks of it.</summary>
public sealed class DeploymentLedger(IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>
    /// Records a new deployment, or answers what its idempotency key already means (see
    /// <see cref="DeployGuards.Idempotency"/>): the deployment the same caller's same request made (a
    /// double click, a retried request, fifty racing requests: one deployment), or a conflict with
    /// the earlier deployment when the key came with another request. An expired key is taken back
    /// from its old deployment first, so it makes a new one.
    /// </summary>
    /// <returns>The deployment recorded (Created), or the earlier one (Replay, Conflict).</returns>
    public async Task<(Deployment Deployment, IdempotencyDecision Decision)> RecordAsync(Deployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var earlier = await FindByKeyAsync(deployment, cancellationToken);
        var decision = DeployGuards.Idempotency(earlier?.RequestFingerprint, earlier?.RequestedAt, deployment.RequestFingerprint, now);
        if (decision is IdempotencyDecision.Replay or IdempotencyDecision.Conflict)
        {
            return (earlier!, decision);
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        if (decision == IdempotencyDecision.Expired)
        {
            await context.Deployments.Where(d => d.Id == earlier!.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.IdempotencyKey, (string?)null), cancellationToken);
        }

        context.Deployments.Add(deployment);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return (deployment, IdempotencyDecision.New);
        }
        catch (DbUpdateException)
        {
            // Lost the race to a request with the same key: that one decides.
            var winner = await FindByKeyAsync(deployment, cancellationToken) ?? throw new InvalidOperationException("The deployment could not be recorded.");
            var again = DeployGuards.Idempotency(winner.RequestFingerprint, winner.RequestedAt, deployment.RequestFingerprint, now);
            return (winner, again == IdempotencyDecision.Conflict ? IdempotencyDecision.Conflict : IdempotencyDecision.Replay);
        }
    }

    public async Task<Deployment?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    /// <summary>Applies a change to one deployment; false when another instance changed it first (it re-reads and decides again).</summary>
    public async Task<bool> UpdateAsync(Deployment deployment, Action<Deployment> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(change);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Deployments.Attach(deployment);
        change(deployment);
        deployment.Version++;
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Deployments the service was updated for and whose end has not been seen: what the follower watches, after a restart too.</summary>
    public async Task<IReadOnlyList<Deployment>> InFlightAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Deployments.AsNoTracking()
            .Where(d => d.Status == DeploymentStatus.InProgress || d.Status == DeploymentStatus.Requested)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The service's deployments, newest first.</summary>
    public async Task<IReadOnlyList<Deployment>> OfServiceAsync(string environment, string cluster, string service, int take, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Deployments.AsNoTracking()
            .Where(d => d.Environment == environment && d.Cluster == cluster && d.Service == service)
            .OrderByDescending(d => d.RequestedAt)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// For each of many services, its deployments asked for since <paramref name="since"/> and its newest
    /// one however old, newest first; services never deployed are missing. Two queries however many
    /// services are asked for.
    /// </summary>
    public async Task<IReadOnlyDictionary<ServiceKey, IReadOnlyList<Deployment>>> RecentOfServicesAsync(
        IReadOnlyCollection<ServiceKey> services, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Count == 0)
        {
            return new Dictionary<ServiceKey, IReadOnlyList<Deployment>>();
        }

        var environments = services.Select(s => s.Environment).Distinct().ToList();
        var names = services.Select(s => s.Service).Distinct().ToList();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);

        // Environments and names are matched separately, so rows of pairs nobody asked for may come back; they are dropped below.
        var ofThem = context.Deployments.AsNoTracking().Where(d => environments.Contains(d.Environment) && names.Contains(d.Service));
        var newest = await ofThem
            .GroupBy(d => new { d.Environment, d.Cluster, d.Service })
            .Select(g => g.OrderByDescending(d => d.RequestedAt).First())
            .ToListAsync(cancellationToken);
        var recent = await ofThem.Where(d => d.RequestedAt >= since).ToListAsync(cancellationToken);
        var wanted = services.ToHashSet();
        return newest.Concat(recent)
            .DistinctBy(d => d.Id)
            .GroupBy(d => new ServiceKey(d.Environment, d.Cluster, d.Service))
            .Where(g => wanted.Contains(g.Key))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Deployment>)g.OrderByDescending(d => d.RequestedAt).ToList());
    }

    /// <summary>
    /// Every service's newest deployment however old, and every deployment asked for since
    /// <paramref name="since"/>: what <see cref="RecentDeployments"/> keeps in memory. Two queries.
    /// </summary>
    public async Task<IReadOnlyList<Deployment>> RecentAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var newest = await context.Deployments.AsNoTracking()
            .GroupBy(d => new { d.Environment, d.Cluster, d.Service })
            .Select(g => g.OrderByDescending(d => d.RequestedAt).First())
            .ToListAsync(cancellationToken);
        var recent = await context.Deployments.AsNoTracking().Where(d => d.RequestedAt >= since).ToListAsync(cancellationToken);
        return [.. newest.Concat(recent).DistinctBy(d => d.Id)];
    }

    /// <summary>Forgets a deployment a guard refused before anything changed: it never happened.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.Deployments.Where(d => d.Id == id && d.Status == DeploymentStatus.Requested).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<Deployment?> FindByKeyAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.Deployments.AsNoTracking().SingleOrDefaultAsync(
            d => d.Actor == deployment.Actor && d.IdempotencyKey == deployment.IdempotencyKey,
            cancellationToken);
    }
}

/// <summary>A service by where it runs: its environment and cluster, and its name.</summary>
public sealed record ServiceKey(string Environment, string Cluster, string Service);
