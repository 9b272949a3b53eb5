using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Server.Deployments;

namespace Portal.Server.Metrics;

public static class MetricsRegistration
{
    /// <summary>
    /// The portal's own instruments, always; and the DogStatsD exporter (section
    /// "Metrics:DogStatsd") only when an agent host is configured, so by default nothing listens
    /// and recording costs next to nothing.
    /// </summary>
    public static IServiceCollection AddPortalMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DeploymentMetrics>();

        // Checked even while the exporter is off: a wrong value waiting there would otherwise
        // surface only on the day someone sets the host.
        services.AddOptions<DogStatsdOptions>()
            .Bind(configuration.GetSection(DogStatsdOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (DogStatsdOptions.IsConfigured(configuration))
        {
            services.AddSingleton<DogStatsdExporter>();
            services.AddHostedService(provider => provider.GetRequiredService<DogStatsdExporter>());
        }

        return services;
    }
}
