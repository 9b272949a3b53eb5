using Microsoft.Extensions.Options;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Server.Fleet;

namespace Portal.Server.Cloud.Aws;

public static class AwsRegistration
{
    /// <summary>Puts real AWS accounts below the cloud ports.</summary>
    public static IServiceCollection AddAwsOrganization(this IServiceCollection services)
    {
        services.AddOptions<AwsOptions>().BindConfiguration(AwsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AwsOptions>, AwsOptionsValidation>();
        services.AddSingleton<AwsEndpoints>();
        services.AddSingleton<AwsRequestSigner>();
        services.AddSingleton<AwsClock>();
        services.AddSingleton(provider => new RetryBudget(provider.GetRequiredService<IOptions<AwsOptions>>().Value.RetryBudget));
        services.AddSingleton<AwsRetryRules>();
        services.AddSingleton<AwsCallPipelines>();
        services.AddSingleton<AssumeRoleCredentialBroker>();
        services.AddSingleton<IAwsCredentialBroker, PersonCredentialBroker>();
        services.AddSingleton<IEnvironmentCatalog, AwsEnvironmentCatalog>();

        // Redirects stay off: a signed request must not be replayed to another host. The client lives
        // as long as the process, so pooled connections are rotated here, not by the factory.
        // Timeouts are the resilience pipeline's (AwsCallPipelines), per attempt and per call.
        services.AddHttpClient<AwsJsonClient>()
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = provider.GetRequiredService<IOptions<AwsOptions>>().Value.PooledConnectionLifetime,
            })
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<AwsJsonClient>(provider => ActivatorUtilities.CreateInstance<AwsJsonClient>(
            provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AwsJsonClient))));
        services.AddSingleton<IEcs>(provider => new MeteredEcs(
            new AwsEcs(provider.GetRequiredService<AwsJsonClient>()), provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton<ICloudWatch>(provider => new MeteredCloudWatch(
            new AwsCloudWatch(provider.GetRequiredService<AwsJsonClient>()), provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton<ILoadBalancing>(provider => new MeteredLoadBalancing(
            new AwsLoadBalancing(provider.GetRequiredService<AwsJsonClient>()), provider.GetRequiredService<CloudCallMeter>()));
        services.AddAwsCostExplorer();
        services.AddSingleton<AwsIdentityCenter>();
        services.AddSingleton<IIdentityCenter>(provider => new MeteredIdentityCenter(
            provider.GetRequiredService<AwsIdentityCenter>(), provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton<SignIn.IPersonNames, AwsPersonNames>();
        services.AddSingleton<Access.IPeopleDirectory, Access.SessionPeopleDirectory>();
        services.AddSingleton(provider => new DeviceSignInSettings(provider.GetRequiredService<IOptions<AwsOptions>>().Value.IdentityCenter.StartUrl));
        services.AddSingleton<Diagnostics.ICloudReachability, AwsReachability>();
        return services;
    }
}
