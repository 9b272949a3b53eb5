using Microsoft.Extensions.Options;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

public static class DeploymentsRegistration
{
    /// <summary>The deploy engine, its ledger and guards, and the follower that sees every deployment to its end.</summary>
    public static IServiceCollection AddPortalDeployments(this IServiceCollection services)
    {
        services.AddOptions<DeploymentsOptions>().BindConfiguration(DeploymentsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DeploymentsOptions>, DeploymentsOptionsValidation>();
        services.AddSingleton<DeploymentLedger>();
        services.AddSingleton<ServiceLocks>();
        services.AddSingleton<BuildCatalog>();
        services.AddSingleton<DeploymentEvents>();
        services.AddSingleton<AutoDeploys>();
        services.AddSingleton<DeploymentFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<DeploymentFollower>());
        services.AddScoped<DeployWriteCallers>();
        services.AddScoped<Deployer>();
        services.AddScoped<DeploymentsService>();
        services.AddScoped<IDeployments>(provider => provider.GetRequiredService<DeploymentsService>());
        services.AddScoped<IPublishing, PublishingService>();

        // Service events outlive ECS's window of 100 per service, service deployments its 90 days.
        services.AddOptions<History.HistoryOptions>().BindConfiguration(History.HistoryOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero, "History:Retention must be positive.")
            .Validate(o => o.ServiceDeploymentReadsPerRefresh > 0, "History:ServiceDeploymentReadsPerRefresh must be positive.")
            .ValidateOnStart();
        services.AddSingleton<History.ServiceEventArchive>();
        services.AddHostedService(provider => provider.GetRequiredService<History.ServiceEventArchive>());
        services.AddSingleton<History.ServiceDeploymentArchive>();
        services.AddHostedService(provider => provider.GetRequiredService<History.ServiceDeploymentArchive>());
        services.AddSingleton<History.TimelineReader>();
        services.AddSingleton<History.FiguresReader>();
        services.AddScoped<History.HistoryService>();
        services.AddScoped<Shared.History.IHistory>(provider => provider.GetRequiredService<History.HistoryService>());
        return services;
    }
}
