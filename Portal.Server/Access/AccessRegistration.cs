using Microsoft.Extensions.Options;
using Portal.Server.Fleet;
using Portal.Shared.Access;
using Portal.Shared.Fleet;

namespace Portal.Server.Access;

public static class AccessRegistration
{
    /// <summary>
    /// Role capabilities from section "Access" (the simulated organization's roles when it is
    /// absent), validated on start; and, per request or live connection, the caller, their view of
    /// the fleet, their access and Admin › API tokens.
    /// </summary>
    public static IServiceCollection AddPortalAccess(this IServiceCollection services)
    {
        services.AddOptions<RoleCapabilities>()
            .BindConfiguration(RoleCapabilities.SectionName)
            .PostConfigure(UseDefaultRolesWhenNoneConfigured)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoleCapabilities>, RoleCapabilitiesValidation>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<RoleCapabilities>>().Value);

        services.AddHttpContextAccessor();
        services.AddScoped<CurrentCaller>();
        services.AddScoped<PersonalFleetView>();
        services.AddScoped<IFleetView>(provider => provider.GetRequiredService<PersonalFleetView>());
        services.AddScoped<PortalAccess>();
        services.AddScoped<IPortalAccess>(provider => provider.GetRequiredService<PortalAccess>());
        services.AddScoped<PersonRoleCredentials>();
        services.AddScoped<IApiTokenAdministration, ApiTokenAdministration>();
        return services;
    }

    /// <summary>After authentication: tells this request's <see cref="CurrentCaller"/> who is asking.</summary>
    public static IApplicationBuilder UseCurrentCaller(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.RequestServices.GetRequiredService<CurrentCaller>().SetFromRequest(context);
            await next(context);
        });

    private static void UseDefaultRolesWhenNoneConfigured(RoleCapabilities capabilities)
    {
        if (capabilities.Roles.Count == 0)
        {
            capabilities.Roles = RoleCapabilities.Default.Roles;
        }
    }

    /// <summary>Names every problem with the Access section, each with its key.</summary>
    private sealed class RoleCapabilitiesValidation : IValidateOptions<RoleCapabilities>
    {
        public ValidateOptionsResult Validate(string? name, RoleCapabilities options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
