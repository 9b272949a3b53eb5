using System.Text.Json.Nodes;

namespace Portal.Server.Cloud.Aws;

/// <summary>Reading and writing the JSON protocol's values: absent members, epoch-second timestamps, lists.</summary>
public static class AwsJson
{
    public static string? String(JsonNode? node, string member) => node?[member]?.GetValue<string>();

    public static string RequiredString(JsonNode? node, string member) => String(node, member) ?? string.Empty;

    public static int Int(JsonNode? node, string member) => node?[member] is JsonValue value ? (int)value.GetValue<double>() : 0;

    public static double Double(JsonNode? node, string member) => node?[member] is JsonValue value ? value.GetValue<double>() : 0;

    /// <summary>The JSON protocols carry timestamps as epoch seconds, possibly fractional.</summary>
    public static DateTimeOffset? Time(JsonNode? node, string member) =>
        node?[member] is JsonValue value ? FromEpoch(value.GetValue<double>()) : null;

    public static DateTimeOffset FromEpoch(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    public static double ToEpoch(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    public static IEnumerable<JsonNode> List(JsonNode? node, string member) =>
        node?[member] is JsonArray array ? array.OfType<JsonNode>() : [];

    public static List<string> Strings(JsonNode? node, string member) =>
        List(node, member).Select(item => item.GetValue<string>()).ToList();

    public static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>Adds a member only when it has a value: the JSON protocols treat absent and null differently.</summary>
    public static JsonObject With(this JsonObject json, string member, JsonNode? value)
    {
        if (value is not null)
        {
            json[member] = value;
        }

        return json;
    }
}
