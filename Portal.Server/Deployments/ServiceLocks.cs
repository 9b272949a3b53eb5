using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;

namespace Portal.Server.Deployments;

/// <summary>
/// One deploy at a time per service, across every instance of the portal: a row per locked
/// service, taken by inserting it (the primary key decides between racers) and freed by deleting
/// it, or by its expiry when the instance that held it died.
/// </summary>
public sealed class ServiceLocks(IDbContextFactory<PortalDbContext> contexts, TimeProvider time)
{
    public static string KeyOf(string environment, string cluster, string service) => $"{environment}/{cluster}/{service}";

    /// <summary>Takes the lock for the deployment, or returns who holds it.</summary>
    public async Task<ServiceLock?> TryAcquireAsync(string key, Guid deploymentId, string holder, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);

        // A lock past its expiry belongs to no one.
        await context.ServiceLocks.Where(l => l.Key == key && l.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        context.ServiceLocks.Add(new ServiceLock { Key = key, DeploymentId = deploymentId, Holder = holder, AcquiredAt = now, ExpiresAt = now + lifetime });
        try
        {
            await context.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            context.ChangeTracker.Clear();
            var held = await context.ServiceLocks.AsNoTracking().SingleOrDefaultAsync(l => l.Key == key, cancellationToken);
            return held is { } other && other.DeploymentId == deploymentId ? null : held ?? new ServiceLock { Key = key, Holder = "another deployment", ExpiresAt = now };
        }
    }

    /// <summary>Keeps a held lock alive while its deployment is followed.</summary>
    public async Task ExtendAsync(string key, Guid deploymentId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var expiresAt = time.GetUtcNow() + lifetime;
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.ServiceLocks.Where(l => l.Key == key && l.DeploymentId == deploymentId)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken);
    }

    public async Task ReleaseAsync(string key, Guid deploymentId, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.ServiceLocks.Where(l => l.Key == key && l.DeploymentId == deploymentId).ExecuteDeleteAsync(cancellationToken);
    }
}
