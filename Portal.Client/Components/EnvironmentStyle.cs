using Portal.Shared.Environments;

namespace Portal.Client.Components;

/// <summary>Environment colours as the AWS console's role switcher shows them.</summary>
public static class EnvironmentStyle
{
    public static string Hex(EnvironmentColour colour) => colour switch
    {
        EnvironmentColour.Green => "#1d8102",
        EnvironmentColour.Amber => "#c77700",
        EnvironmentColour.Red => "#d13212",
        _ => "#0073bb",
    };

    public static string Border(EnvironmentColour colour) => $"border-color: {Hex(colour)}";

    /// <summary>The colour as a background, with text that stays readable on it (dark on amber, white on the rest).</summary>
    public static string Background(EnvironmentColour colour) => $"background-color: {Hex(colour)}; color: {TextOn(colour)}";

    public static string TextOn(EnvironmentColour colour) => colour == EnvironmentColour.Amber ? "#1b1b1b" : "#ffffff";
}
