using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Portal.Client;

/// <summary>
/// What the portal's pages need besides the ports they inject: the component library's services.
/// The server calls only this, so it knows nothing of which library draws the pages.
/// </summary>
public static class PortalClientServices
{
    public static IServiceCollection AddPortalClient(this IServiceCollection services) =>
        services.AddMudServices(options =>
        {
            // Outcomes of actions (token revoked, role switched) show at the bottom, where a thumb is on a phone.
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter;
            options.SnackbarConfiguration.PreventDuplicates = false;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
            options.SnackbarConfiguration.ShowCloseIcon = true;
        });
}
