using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

/// <summary>The durable record of every deploy and rollback, and the questions the deploy engine asks of it.</summary>
public sealed class DeploymentLedger(IDbContextFactory<PortalDbContext> contexts)
{
    /// <summary>
    /// Records a new deployment, or returns the one already recorded under the same idempotency key
    /// (a double click, a retried request, fifty racing requests: one deployment).
    /// </summary>
    public async Task<(Deployment Deployment, bool Created)> RecordAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (await FindByKeyAsync(deployment, cancellationToken) is { } earlier)
        {
            return (earlier, false);
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        context.Deployments.Add(deployment);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return (deployment, true);
        }
        catch (DbUpdateException)
        {
            // Lost the race to a request with the same key: that one is the deployment.
            return (await FindByKeyAsync(deployment, cancellationToken) ?? throw new InvalidOperationException("The deployment could not be recorded."), false);
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
            d => d.Environment == deployment.Environment && d.Service == deployment.Service && d.IdempotencyKey == deployment.IdempotencyKey,
            cancellationToken);
    }
}

/// <summary>A service by where it runs: its environment and cluster, and its name.</summary>
public sealed record ServiceKey(string Environment, string Cluster, string Service);
