namespace Portal.Server.History;

public static class HistoryRegistration
{
    /// <summary>
    /// The archives that keep service events, alarm changes and ECS's service deployments beyond the cloud's own memory, the
    /// recorder that feeds them every refresh, and the readers of the timeline and delivery figures.
    /// </summary>
    public static IServiceCollection AddPortalHistory(this IServiceCollection services)
    {
        services.AddOptions<HistoryOptions>().BindConfiguration(HistoryOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero, "History:Retention must be positive.")
            .Validate(o => o.ServiceDeploymentReadsPerRefresh > 0, "History:ServiceDeploymentReadsPerRefresh must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IHistoryArchive, ServiceEventArchive>();
        services.AddSingleton<IHistoryArchive, AlarmChangeArchive>();
        services.AddSingleton<IHistoryArchive, StoppedTaskArchive>();
        services.AddSingleton<StoppedTaskReader>();
        services.AddSingleton<ServiceDeploymentArchive>();
        services.AddSingleton<IHistoryArchive>(provider => provider.GetRequiredService<ServiceDeploymentArchive>());
        services.AddHostedService<HistoryRecorder>();
        services.AddSingleton<TimelineReader>();
        services.AddSingleton<FiguresReader>();
        services.AddScoped<HistoryService>();
        services.AddScoped<Shared.History.IHistory>(provider => provider.GetRequiredService<HistoryService>());
        return services;
    }
}
