using MudBlazor;

namespace Portal.Client.Layout;

/// <summary>The portal's one theme: light and dark palettes of the same colours, so either reads as the portal.</summary>
public static class PortalTheme
{
    public static MudTheme Default { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f5fbf",
            Secondary = "#5b6b7d",
            AppbarBackground = "#1b2633",
            AppbarText = "#ffffff",
            Error = "#c62828",
            Warning = "#8a5a00",
            Success = "#2e7d32",
            Info = "#1565c0",
            Background = "#f6f7f9",
            // Solid greys that keep small print above 4.5:1 on the background and on cards.
            TextSecondary = "#4a5160",
            DrawerBackground = "#ffffff",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7fb0ff",
            // Dark text on the light blue of filled buttons: white on it would not reach 4.5:1.
            PrimaryContrastText = "#0b1a33",
            Secondary = "#a9b6c4",
            AppbarBackground = "#141b24",
            AppbarText = "#e8edf3",
            Error = "#ff8a80",
            Warning = "#ffb74d",
            Success = "#81c784",
            Info = "#90caf9",
            // The dark palette's health colours are light: filled chips and buttons need dark text on them.
            ErrorContrastText = "#2b0a07",
            WarningContrastText = "#2b1a00",
            SuccessContrastText = "#0b1f0c",
            InfoContrastText = "#0b1a33",
            TextSecondary = "#c2c9d3",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
            },
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px", AppbarHeight = "56px" },
    };
}
