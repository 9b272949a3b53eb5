using Microsoft.EntityFrameworkCore;
using Portal.Server.Fleet;
using Portal.Server.Persistence;

namespace Portal.Server.Deployments;

/// <summary>
/// Where every announced build of a service is deployed without anyone clicking (e.g. dev): the
/// switches, and the deploys they start when CI announces a build.
/// </summary>
public sealed partial class AutoDeploys(
    IDbContextFactory<PortalDbContext> contexts, IServiceScopeFactory scopes, FleetView fleet, TimeProvider time, ILogger<AutoDeploys> logger)
{
    public async Task<bool> IsOnAsync(string environment, string service, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.AutoDeploySettings.AnyAsync(a => a.Environment == environment && a.Service == service, cancellationToken);
    }

    /// <summary>Switches auto-deploy; the caller has checked that the person may deploy there.</summary>
    public async Task SetAsync(string environment, string service, bool on, string by, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.AutoDeploySettings.Where(a => a.Environment == environment && a.Service == service).ExecuteDeleteAsync(cancellationToken);
        if (on)
        {
            context.AutoDeploySettings.Add(new AutoDeploySetting { Environment = environment, Service = service, EnabledBy = by, EnabledAt = time.GetUtcNow() });
            await context.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Deploys a newly announced build wherever auto-deploy is on for its service; returns the deployments started.</summary>
    public async Task<IReadOnlyList<Guid>> DeployAsync(AnnouncedBuild build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        List<string> environments;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            environments = await context.AutoDeploySettings.Where(a => a.Service == build.Service).Select(a => a.Environment).ToListAsync(cancellationToken);
        }

        var started = new List<Guid>();
        foreach (var environment in environments)
        {
            var service = fleet.Find(environment)?.Services.FirstOrDefault(s => s.Service.Name == build.Service);
            if (service is null)
            {
                continue;
            }

            using var scope = scopes.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<Deployer>().AutoDeployAsync(service, build, cancellationToken);
            if (result.Deployment is { } deployment)
            {
                started.Add(deployment.Id);
            }
            else
            {
                LogRefused(logger, build.Service, environment, result.Problem?.Message ?? "refused");
            }
        }

        return started;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-deploy of {Service} to {Environment} did not start: {Reason}")]
    private static partial void LogRefused(ILogger logger, string service, string environment, string reason);
}
