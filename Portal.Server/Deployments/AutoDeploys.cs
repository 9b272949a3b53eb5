using Microsoft.EntityFrameworkCore;
using Portal.Server.Access;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

/// <summary>
/// Where every announced build of a service is deployed without anyone clicking (e.g. dev): the
/// switches, and the deploys they start when CI announces a build: only where the announcing
/// token could deploy that service itself, so a token scoped to dev never puts a build live in prod.
/// </summary>
public sealed partial class AutoDeploys(
    IDbContextFactory<PortalDbContext> contexts, IServiceScopeFactory scopes, FleetView fleet, TimeProvider time, ILogger<AutoDeploys> logger)
{
    /// <summary>The switch as it stands, or null when auto-deploy is off.</summary>
    public async Task<AutoDeploySetting?> SettingAsync(string environment, string service, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.AutoDeploySettings.AsNoTracking().SingleOrDefaultAsync(a => a.Environment == environment && a.Service == service, cancellationToken);
    }

    /// <summary>Switches auto-deploy; the caller has checked <see cref="DeployGuards.AutoDeploySwitch"/>.</summary>
    public async Task SetAsync(string environment, string service, bool on, string by, string? reason, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.AutoDeploySettings.Where(a => a.Environment == environment && a.Service == service).ExecuteDeleteAsync(cancellationToken);
        if (on)
        {
            context.AutoDeploySettings.Add(new AutoDeploySetting { Environment = environment, Service = service, EnabledBy = by, EnabledAt = time.GetUtcNow(), Reason = reason });
            await context.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Deploys a newly announced build wherever auto-deploy is on for its service and the announcer
    /// may deploy it; returns the deployments started, all of them ones the announcer can see.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DeployAsync(AnnouncedBuild build, TokenGrant announcer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(announcer);
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

            var mayDeploy = TokenAccess.Decide(announcer.Scopes, PortalAction.Deploy, service.Environment, service.Service.Name).Allowed;
            if (!DeployGuards.AnnouncerMayAutoDeploy(announcedByToken: true, mayDeploy))
            {
                LogNotTheAnnouncers(logger, build.Service, environment, announcer.Actor);
                continue;
            }

            using var scope = scopes.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<Deployer>().AutoDeployAsync(service, build, announcer.Actor, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Auto-deploy of {Service} to {Environment} not started: {Announcer}, who announced the build, may not deploy it there")]
    private static partial void LogNotTheAnnouncers(ILogger logger, string service, string environment, string announcer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auto-deploy of {Service} to {Environment} did not start: {Reason}")]
    private static partial void LogRefused(ILogger logger, string service, string environment, string reason);
}
