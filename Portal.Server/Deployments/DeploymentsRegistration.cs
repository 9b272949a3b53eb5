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
        services.AddSingleton<RecentDeployments>();
        services.AddSingleton<AutoDeploys>();
        services.AddSingleton<ServiceUpdates>();
        services.AddSingleton<NewRevisions>();
        services.AddSingleton<DeploymentApplier>();
        services.AddHostedService(provider => provider.GetRequiredService<DeploymentApplier>());
        services.AddSingleton<DeploymentFollower>();
        services.AddHostedService(provider => provider.GetRequiredService<DeploymentFollower>());
        services.AddScoped<DeployWriteCallers>();
        services.AddScoped<Deployer>();
        services.AddScoped<BuildPlacements>();
        services.AddScoped<DeploymentsService>();
        services.AddScoped<IDeployments>(provider => provider.GetRequiredService<DeploymentsService>());
        services.AddScoped<IPublishing, PublishingService>();
        return services;
    }
}
