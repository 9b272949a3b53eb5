namespace Portal.Client.Layout;

/// <summary>What a person chose for the portal's colours.</summary>
public enum ColourSchemeChoice
{
    /// <summary>Light or dark as the device is set.</summary>
    System,
    Light,
    Dark,
}

/// <summary>
/// The colour scheme a page starts in. It travels in a cookie the server reads before the first
/// paint, so a dark page is dark from its first frame: "light", "dark", or "system-dark" /
/// "system-light" (following the device, with what the device said last time).
/// </summary>
public sealed record ColourScheme(ColourSchemeChoice Choice, bool SystemIsDark)
{
    public const string CookieName = "portal-scheme";

    /// <summary>A browser's own hint about the device setting (Chromium sends it once asked to).</summary>
    public const string ClientHintHeader = "Sec-CH-Prefers-Color-Scheme";

    public static ColourScheme Default { get; } = new(ColourSchemeChoice.System, SystemIsDark: false);

    public bool IsDark => Choice switch
    {
        ColourSchemeChoice.Dark => true,
        ColourSchemeChoice.Light => false,
        _ => SystemIsDark,
    };

    public string CookieValue => Choice switch
    {
        ColourSchemeChoice.Dark => "dark",
        ColourSchemeChoice.Light => "light",
        _ => SystemIsDark ? "system-dark" : "system-light",
    };

    /// <summary>The scheme from the cookie; without one, the system's, as far as the client hint tells.</summary>
    public static ColourScheme Read(string? cookie, string? clientHint) => cookie?.Trim() switch
    {
        "dark" => new(ColourSchemeChoice.Dark, SystemIsDark: true),
        "light" => new(ColourSchemeChoice.Light, SystemIsDark: false),
        "system-dark" => new(ColourSchemeChoice.System, SystemIsDark: true),
        "system-light" => new(ColourSchemeChoice.System, SystemIsDark: false),
        _ => new(ColourSchemeChoice.System, SystemIsDark: string.Equals(clientHint?.Trim('"', ' '), "dark", StringComparison.OrdinalIgnoreCase)),
    };
}
