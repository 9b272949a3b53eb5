using Portal.Shared.Triage;

namespace Portal.Server.Triage;

public static class TriageRegistration
{
    /// <summary>The on-call view: per caller, over the shared acknowledgements.</summary>
    public static IServiceCollection AddPortalTriage(this IServiceCollection services)
    {
        services.AddOptions<TriageOptions>().BindConfiguration(TriageOptions.Section)
            .Validate(o => o.SuspectWindow > TimeSpan.Zero, "Triage:SuspectWindow must be positive.").ValidateOnStart();
        services.AddSingleton<TriageAcknowledgements>();
        services.AddScoped<ITriage, TriageService>();
        return services;
    }
}
