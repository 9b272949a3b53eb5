using Portal.Shared.Costs;

namespace Portal.Server.Costs;

public static class CostsRegistration
{
    /// <summary>
    /// Costs above the cloud seam: options (section "Costs"), the cache, the scheduled refresher and
    /// each caller's view. The world's registration supplies <c>ICostExplorer</c> and <see cref="CostExplorerAccount"/>.
    /// </summary>
    public static IServiceCollection AddPortalCosts(this IServiceCollection services)
    {
        services.AddOptions<CostOptions>().BindConfiguration(CostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CostStore>();
        services.AddSingleton<CostCache>();
        services.AddSingleton<CostFetcher>();
        services.AddSingleton<CostRefreshService>();
        services.AddHostedService(provider => provider.GetRequiredService<CostRefreshService>());
        services.AddScoped<PersonalCostView>();
        services.AddScoped<ICostView>(provider => provider.GetRequiredService<PersonalCostView>());
        return services;
    }
}
