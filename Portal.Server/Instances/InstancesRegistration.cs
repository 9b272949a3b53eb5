using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;

namespace Portal.Server.Instances;

public static class InstancesRegistration
{
    /// <summary>
    /// Leases and the instance channel: on PostgreSQL (several instances may share it) advisory
    /// locks and LISTEN/NOTIFY; on SQLite (one instance) this instance holds every lease and has no one to tell.
    /// </summary>
    public static IServiceCollection AddPortalInstances(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<InstanceIdentity>();
        if (DatabaseOptions.UsesPostgreSql(configuration))
        {
            // The sharing services subscribe before the channel's first catch-up: hosted services start in order.
            services.AddHostedService<FleetSharing>();
            services.AddHostedService<DeploymentEventSharing>();
            services.AddSingleton<PostgresLeases>();
            services.AddSingleton<IInstanceLeases>(provider => provider.GetRequiredService<PostgresLeases>());
            services.AddHostedService(provider => provider.GetRequiredService<PostgresLeases>());
            services.AddSingleton<PostgresInstanceChannel>();
            services.AddSingleton<IInstanceChannel>(provider => provider.GetRequiredService<PostgresInstanceChannel>());
            services.AddHostedService(provider => provider.GetRequiredService<PostgresInstanceChannel>());
        }
        else
        {
            services.AddSingleton<IInstanceLeases>(SoleInstanceLeases.Instance);
            services.AddSingleton<IInstanceChannel, SoleInstanceChannel>();
        }

        return services;
    }
}
