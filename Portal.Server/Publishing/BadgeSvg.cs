using System.Globalization;
using System.Net;

namespace Portal.Server.Publishing;

/// <summary>A small two-part badge in the manner of build badges: a grey label and a coloured value.</summary>
public static class BadgeSvg
{
    public const string Green = "#2e7d32";
    public const string Orange = "#c25e00";
    public const string Grey = "#6b6b6b";

    // Verdana 11px averages about 6.5 px a character; the badge only needs to be roughly right.
    private const double CharWidth = 6.5;
    private const int Padding = 10;

    public static string Render(string label, string value, string colour)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(value);
        var labelWidth = Width(label);
        var valueWidth = Width(value);
        var total = labelWidth + valueWidth;
        var l = WebUtility.HtmlEncode(label);
        var v = WebUtility.HtmlEncode(value);
        return string.Create(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{l}: {v}">
              <title>{l}: {v}</title>
              <rect width="{labelWidth}" height="20" fill="#555"/>
              <rect x="{labelWidth}" width="{valueWidth}" height="20" fill="{colour}"/>
              <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
                <text x="{labelWidth / 2.0}" y="14">{l}</text>
                <text x="{labelWidth + (valueWidth / 2.0)}" y="14">{v}</text>
              </g>
            </svg>
            """);
    }

    private static int Width(string text) => (int)Math.Ceiling(text.Length * CharWidth) + Padding;
}
