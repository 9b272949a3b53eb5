using System.Text.Json.Serialization;
using Portal.Server.Access;
using Portal.Server.Chat;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Deployments;
using Portal.Server.Costs;
using Portal.Server.Diagnostics;
using Portal.Server.Fleet;
using Portal.Server.History;
using Portal.Server.Instances;
using Portal.Server.Metrics;
using Portal.Server.Persistence;
using Portal.Server.Publishing;
using Portal.Server.Simulation;
using Portal.Server.Triage;
using Portal.Server.SignIn;
using Portal.Shared.Diagnostics;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using Portal.Client;

namespace Portal.Server.Hosting;

public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CloudOptions>().BindConfiguration(CloudOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HealthThresholds>().BindConfiguration("Health")
            .Validate(h => h.TaskStopsWindow > TimeSpan.Zero && h.TaskStopsWindow <= TimeSpan.FromHours(1),
                "Health:TaskStopsWindow must be longer than 00:00:00 and at most 01:00:00 (ECS describes stopped tasks for about an hour).")
            .Validate(h => h.TaskStopsWarning >= 1, "Health:TaskStopsWarning must be at least 1.")
            .ValidateOnStart();
        services.AddMetrics();
        // First among the hosted services: the schema is migrated before anything else starts.
        services.AddPortalDatabase(configuration);
        services.AddPortalInstances(configuration);
        services.AddPortalMetrics(configuration);
        services.AddSingleton<CloudCallMeter>();
        if (CloudOptions.IsAws(configuration))
        {
            services.AddAwsOrganization();
        }
        else
        {
            services.AddSimulatedOrganization();
        }

        // Sign-in is written once above IIdentityCenter, whichever world answers it.
        services.AddSingleton<DeviceSignIn>();
        services.AddSingleton<RoleCredentialCache>();

        services.AddSingleton<FleetStore>();
        services.AddSingleton<ReadPace>();
        services.AddSingleton<TargetHealthReads>();
        services.AddScoped<IServiceLinks, ServiceLinksProvider>();
        services.AddSingleton<FleetPoller>();
        services.AddSingleton<FleetView>();
        // People and tokens see the fleet through their own view (Access/PersonalFleetView).
        services.AddPortalAccess();
        services.AddPortalSignIn();
        services.AddPortalDeployments();
        services.AddPortalChat();
        services.AddPortalPublishing();
        services.AddPortalHistory();
        services.AddPortalTriage();
        services.AddSingleton<IEnvironmentDoctor, EnvironmentDoctor>();
        services.AddSingleton<FleetPollingService>();
        services.AddHostedService(provider => provider.GetRequiredService<FleetPollingService>());
        services.AddPortalCosts();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddPortalClient();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // The database check is a singleton: it keeps its last answer for a moment (DatabaseReadinessCheck.Reuse).
        services.AddSingleton<DatabaseReadinessCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReadinessCheck>("database", tags: [ReadinessReport.ReadyTag])
            .AddCheck<FleetReadinessCheck>("fleet", tags: [ReadinessReport.ReadyTag]);
        return services;
    }
}
