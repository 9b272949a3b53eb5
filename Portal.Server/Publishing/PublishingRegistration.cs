using Microsoft.Extensions.Options;
using Portal.Shared.Deployments;

namespace Portal.Server.Publishing;

public static class PublishingRegistration
{
    /// <summary>The badge, the site versions it reads, and the one-site publish page's server side.</summary>
    public static IServiceCollection AddPortalPublishing(this IServiceCollection services)
    {
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublishingOptions>, PublishingOptionsValidation>();
        services.AddSingleton<SiteVersions>();
        services.AddScoped<IPublishSite, PublishSiteService>();
        return services;
    }
}
