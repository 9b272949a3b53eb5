using System.Globalization;
using System.Text;

namespace Portal.Server.Metrics;

/// <summary>
/// Writes one measurement in the DogStatsD text format, <c>name:value|type|#tag:value,tag:value</c>,
/// with names and tags cleaned of the characters that would break the format.
/// </summary>
public static class DogStatsdLine
{
    /// <summary>The metric name the agent sees: the prefix (unless the name already has it) and the name, reduced to letters, digits, '_' and '.'.</summary>
    public static string MetricName(string prefix, string instrumentName)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(instrumentName);
        // "portal." + "portal.deployments" would read portal.portal.deployments.
        var name = instrumentName.StartsWith(prefix, StringComparison.Ordinal) ? instrumentName : prefix + instrumentName;
        return string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_';
            }
        });
    }

    /// <summary>The tag part without its leading <c>|#</c>; empty when there are no tags.</summary>
    public static string Tags(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var text = new StringBuilder();
        foreach (var (key, value) in tags)
        {
            AppendTag(text, key, value);
        }

        return text.ToString();
    }

    /// <summary>Appends one tag, after a comma when <paramref name="text"/> already holds some; a tag without a key is left out.</summary>
    public static void AppendTag(StringBuilder text, string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(',');
        }

        AppendCleaned(text, key, isKey: true);
        var valueText = ValueText(value);
        if (valueText is not null)
        {
            text.Append(':');
            AppendCleaned(text, valueText, isKey: false);
        }
    }

    /// <summary>The whole line, e.g. <c>portal.deployments:1|c|#kind:deploy</c>.</summary>
    public static string Format(string metricName, double value, DogStatsdMetricType type, string tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var line = new StringBuilder(metricName.Length + tags.Length + 24)
            .Append(metricName)
            .Append(':')
            .Append(value.ToString(CultureInfo.InvariantCulture))
            .Append('|')
            .Append(TypeCode(type));
        if (tags.Length > 0)
        {
            line.Append("|#").Append(tags);
        }

        return line.ToString();
    }

    /// <summary>One measurement's line, from the instrument's name and the measurement's tags.</summary>
    public static string Format(string prefix, string instrumentName, double value, DogStatsdMetricType type, IEnumerable<KeyValuePair<string, object?>> tags) =>
        Format(MetricName(prefix, instrumentName), value, type, Tags(tags));

    private static string TypeCode(DogStatsdMetricType type) => type switch
    {
        DogStatsdMetricType.Count => "c",
        DogStatsdMetricType.Histogram => "h",
        DogStatsdMetricType.Gauge => "g",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown DogStatsD metric type."),
    };

    private static string? ValueText(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // '|' ends a section, ',' a tag and '#' starts the tags; a line break would start a new line.
    // A key also loses ':', which separates it from the value (a value may keep its colons).
    private static void AppendCleaned(StringBuilder text, string part, bool isKey)
    {
        foreach (var c in part)
        {
            var breaks = c is '|' or ',' or '#' || char.IsControl(c) || (isKey && c == ':');
            text.Append(breaks ? '_' : c);
        }
    }
}
