using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// Walks a JSON body against a shape of a service model by the rules of the AWS JSON protocols (awsJson1_0 and
/// awsJson1_1, as botocore serializes and parses them) and collects what does not fit, each as "JSON path: problem".
/// </summary>
/// <remarks>
/// Member names on the wire: botocore's JSONSerializer and JSON parser use a member's <c>locationName</c> when the
/// member (or its target shape) has one, else the member name, case-sensitively. botocore does not read
/// <c>jsonName</c> (Smithy's protocol definitions list it for restJson1, not for awsJson1_0/1_1), so neither does
/// this. None of the three models kept in the repository uses either.
/// </remarks>
internal sealed partial class AwsShapeValidator
{
    private const int MaxEnumValuesShown = 12;
    private const int MaxTextShown = 60;

    /// <summary>Clients of the AWS JSON protocols ignore a "__type" member of a union in a response.</summary>
    private const string UnionTypeKey = "__type";

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(2);

    private readonly AwsServiceModel _model;
    private readonly bool _isInput;
    private readonly AwsValidationOptions _options;
    private readonly List<string> _problems = [];

    private AwsShapeValidator(AwsServiceModel model, bool isInput, AwsValidationOptions options)
    {
        _model = model;
        _isInput = isInput;
        _options = options;
    }

    public static IReadOnlyList<string> Validate(AwsServiceModel model, string? shapeName, JsonNode? body, bool isInput, AwsValidationOptions options)
    {
        var validator = new AwsShapeValidator(model, isInput, options);
        validator.ValidateBody(shapeName, body);
        return validator._problems;
    }

    /// <summary>
    /// The regular expression of a model's <c>pattern</c> trait. Smithy patterns are not implicitly anchored: a string
    /// is valid when the expression matches somewhere in it, which is what <see cref="Regex.IsMatch(string)"/> does.
    /// </summary>
    public static Regex Pattern(string pattern) => Patterns.GetOrAdd(pattern, CompilePattern);

    private static Regex CompilePattern(string pattern) =>
        new(FromJava(pattern), RegexOptions.CultureInvariant, PatternTimeout);

    /// <summary>
    /// The models' patterns are Java expressions; two of their constructs read differently in .NET. Java takes an
    /// escaped non-letter as that character, .NET rejects <c>\_</c> (CloudWatch's TemplateName); Java takes a '-' right
    /// after a class escape inside [...] as a literal, .NET rejects it as a range (Cost Explorer's [\p{L}\p{N}\p{Z}-_]).
    /// </summary>
    private static string FromJava(string pattern)
    {
        var translated = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var close = pattern[i + 1] is 'p' or 'P' && i + 2 < pattern.Length && pattern[i + 2] == '{' ? pattern.IndexOf('}', i + 2) : -1;
                var length = close < 0 ? 2 : close - i + 1;
                var escape = pattern.Substring(i, length);
                translated.Append(escape == "\\_" ? "_" : escape);
                i += length - 1;
                var isClassEscape = length > 2 || "dDwWsS".Contains(escape[1], StringComparison.Ordinal);
                if (inClass && isClassEscape && i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
                {
                    translated.Append("\\-");
                    i++;
                }

                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            translated.Append(c);
        }

        return translated.ToString();
    }

    private void ValidateBody(string? shapeName, JsonNode? body)
    {
        if (body is null)
        {
            if (_isInput)
            {
                // botocore's JSONSerializer sends json.dumps({}) even when there are no parameters.
                Add("$", "no body; a JSON-protocol request carries at least {}");
                return;
            }

            // botocore's JSON parser reads an empty response body as {}.
            body = new JsonObject();
        }

        if (shapeName is null)
        {
            if (body is not JsonObject { Count: 0 })
            {
                Add("$", $"the operation has no {(_isInput ? "input" : "output")} shape, so the body can only be {{}}, got {Describe(body)}");
            }

            return;
        }

        ValidateNode(body, shapeName, memberReference: null, "$");
    }

    private void ValidateNode(JsonNode? node, string shapeName, JsonObject? memberReference, string path)
    {
        if (node is null)
        {
            // On the wire a member without a value is left out. botocore's parameter validation rejects None in
            // requests; its JSON parser skips null members of responses.
            if (_isInput)
            {
                Add(path, "null; leave the member out instead");
            }

            return;
        }

        var shape = _model.ShapeDefinition(shapeName);
        if (Flag(shape, "document"))
        {
            // A document shape holds any JSON value.
            return;
        }

        var type = shape["type"]?.GetValue<string>() ?? "(no type)";
        switch (type)
        {
            case "structure":
                ValidateStructure(node, shapeName, shape, path);
                break;
            case "list":
                ValidateList(node, shapeName, shape, path);
                break;
            case "map":
                ValidateMap(node, shapeName, shape, path);
                break;
            case "string":
                if (StringOf(node) is { } text)
                {
                    ValidateString(text, shapeName, shape, path);
                }
                else
                {
                    Mismatch(path, "a string", type, shapeName, node);
                }

                break;
            case "byte":
                ValidateInteger(node, shapeName, shape, type, sbyte.MinValue, sbyte.MaxValue, path);
                break;
            case "short":
                ValidateInteger(node, shapeName, shape, type, short.MinValue, short.MaxValue, path);
                break;
            case "integer":
                ValidateInteger(node, shapeName, shape, type, int.MinValue, int.MaxValue, path);
                break;
            case "long":
                ValidateInteger(node, shapeName, shape, type, long.MinValue, long.MaxValue, path);
                break;
            case "float" or "double":
                ValidateFloat(node, shapeName, shape, type, path);
                break;
            case "bigInteger" or "bigDecimal":
                if (Kind(node) != JsonValueKind.Number)
                {
                    Mismatch(path, "a number", type, shapeName, node);
                }

                break;
            case "boolean":
                if (Kind(node) is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Mismatch(path, "true or false", type, shapeName, node);
                }

                break;
            case "timestamp":
                ValidateTimestamp(node, shapeName, shape, memberReference, path);
                break;
            case "blob":
                if (StringOf(node) is not { } encoded || !IsBase64(encoded))
                {
                    Mismatch(path, "base64 text", type, shapeName, node);
                }

                break;
            default:
                Add(path, $"shape {shapeName} has the type \"{type}\", which the validator does not know");
                break;
        }
    }

    private void ValidateStructure(JsonNode node, string shapeName, JsonObject shape, string path)
    {
        if (node is not JsonObject body)
        {
            Mismatch(path, "an object", "structure", shapeName, node);
            return;
        }

        var members = shape["members"]?.AsObject() ?? [];
        var byWireName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, reference) in members)
        {
            byWireName[WireName(name, reference!.AsObject())] = reference.AsObject();
        }

        var isUnion = Flag(shape, "union");
        foreach (var (key, value) in body)
        {
            if (isUnion && !_isInput && key == UnionTypeKey)
            {
                continue;
            }

            var memberPath = Child(path, key);
            if (!byWireName.TryGetValue(key, out var reference))
            {
                var spelled = byWireName.Keys.FirstOrDefault(name => string.Equals(name, key, StringComparison.OrdinalIgnoreCase));
                Add(memberPath, spelled is null ? "unknown member" : $"unknown member; the model spells it \"{spelled}\"");
                continue;
            }

            if (reference["location"]?.GetValue<string>() is { } location)
            {
                Add(memberPath, $"the member is bound to the {location}, not the body");
                continue;
            }

            ValidateNode(value, reference["shape"]!.GetValue<string>(), reference, memberPath);
        }

        if (_isInput && shape["required"] is JsonArray required)
        {
            foreach (var name in required.Select(member => member!.GetValue<string>()))
            {
                var reference = members[name]?.AsObject() ?? throw new InvalidDataException($"{shapeName} requires {name}, which is not a member.");
                var wireName = WireName(name, reference);
                if (reference["location"] is null && !body.ContainsKey(wireName))
                {
                    Add(Child(path, wireName), "missing required member");
                }
            }
        }

        if (isUnion)
        {
            var set = body.Count(member => member.Value is not null && member.Key != UnionTypeKey);
            if (set != 1)
            {
                Add(path, $"union {shapeName} must set exactly one member, sets {set}");
            }
        }
    }

    private void ValidateList(JsonNode node, string shapeName, JsonObject shape, string path)
    {
        if (node is not JsonArray items)
        {
            Mismatch(path, "an array", "list", shapeName, node);
            return;
        }

        CheckCount(items.Count, "items", shapeName, shape, path);
        var member = shape["member"]!.AsObject();
        var memberShape = member["shape"]!.GetValue<string>();
        for (var index = 0; index < items.Count; index++)
        {
            ValidateNode(items[index], memberShape, member, path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]");
        }
    }

    private void ValidateMap(JsonNode node, string shapeName, JsonObject shape, string path)
    {
        if (node is not JsonObject entries)
        {
            Mismatch(path, "an object", "map", shapeName, node);
            return;
        }

        CheckCount(entries.Count, "entries", shapeName, shape, path);
        var keyShape = shape["key"]!["shape"]!.GetValue<string>();
        var value = shape["value"]!.AsObject();
        var valueShape = value["shape"]!.GetValue<string>();
        foreach (var (key, entry) in entries)
        {
            var entryPath = path + "[" + Quote(key) + "]";
            ValidateString(key, keyShape, _model.ShapeDefinition(keyShape), entryPath + " (key)");
            ValidateNode(entry, valueShape, value, entryPath);
        }
    }

    private void ValidateString(string text, string shapeName, JsonObject shape, string path)
    {
        if (shape["enum"] is JsonArray values)
        {
            var allowed = values.Select(v => v!.GetValue<string>()).ToList();
            if (!allowed.Contains(text, StringComparer.Ordinal))
            {
                var shown = string.Join(", ", allowed.Take(MaxEnumValuesShown)) + (allowed.Count > MaxEnumValuesShown ? ", ..." : "");
                Add(path, $"{Quote(Shorten(text))} is not one of the values of {shapeName} ({shown})");
            }
        }

        // Smithy's length trait counts Unicode code points (as botocore's len() of a str does), not UTF-16 units.
        var length = text.EnumerateRunes().Count();
        if (Bound(shape, "min") is { } min && length < min)
        {
            Add(path, Invariant($"length {length} is below the minimum {min} of {shapeName}"));
        }

        if (Bound(shape, "max") is { } max && length > max)
        {
            Add(path, Invariant($"length {length} is above the maximum {max} of {shapeName}"));
        }

        if (shape["pattern"]?.GetValue<string>() is { } pattern && !Pattern(pattern).IsMatch(text))
        {
            Add(path, $"{Quote(Shorten(text))} does not match the pattern {pattern} of {shapeName}");
        }
    }

    private void ValidateInteger(JsonNode node, string shapeName, JsonObject shape, string type, decimal lowest, decimal highest, string path)
    {
        if (Element(node) is not { ValueKind: JsonValueKind.Number } number)
        {
            Mismatch(path, "an integer", type, shapeName, node);
            return;
        }

        var literal = number.GetRawText();
        if (literal.IndexOfAny(['.', 'e', 'E']) >= 0 || !number.TryGetDecimal(out var value))
        {
            Add(path, $"{literal} is not an integer literal, as {type} shape {shapeName} needs");
            return;
        }

        if (value < lowest || value > highest)
        {
            Add(path, $"{literal} is outside the range of {type} shape {shapeName}");
            return;
        }

        CheckRange(value, literal, shapeName, shape, path);
    }

    private void ValidateFloat(JsonNode node, string shapeName, JsonObject shape, string type, string path)
    {
        // The JSON protocols write the non-finite values as the strings "NaN", "Infinity" and "-Infinity".
        if (StringOf(node) is "NaN" or "Infinity" or "-Infinity")
        {
            return;
        }

        if (Element(node) is not { ValueKind: JsonValueKind.Number } number)
        {
            Mismatch(path, "a number", type, shapeName, node);
            return;
        }

        if (number.TryGetDecimal(out var value))
        {
            CheckRange(value, number.GetRawText(), shapeName, shape, path);
        }
    }

    private void ValidateTimestamp(JsonNode node, string shapeName, JsonObject shape, JsonObject? memberReference, string path)
    {
        // botocore's JSONSerializer writes timestamps as epoch seconds ('unixtimestamp') unless the member or shape
        // names another timestampFormat; AWS answers with epoch seconds, fractional for milliseconds.
        var format = memberReference?["timestampFormat"]?.GetValue<string>() ?? shape["timestampFormat"]?.GetValue<string>() ?? "unixTimestamp";
        switch (format.ToUpperInvariant())
        {
            case "UNIXTIMESTAMP":
                if (Kind(node) == JsonValueKind.Number)
                {
                    return;
                }

                if (_options.AcceptIsoTimestampText && StringOf(node) is { } text && IsIso8601(text))
                {
                    return;
                }

                Mismatch(path, "epoch seconds (a number)", "timestamp", shapeName, node);
                return;
            case "ISO8601":
                if (StringOf(node) is not { } iso || !IsIso8601(iso))
                {
                    Mismatch(path, "ISO 8601 text (timestampFormat iso8601)", "timestamp", shapeName, node);
                }

                return;
            case "RFC822":
                if (StringOf(node) is not { } http || !DateTimeOffset.TryParseExact(http, "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    Mismatch(path, "an HTTP date (timestampFormat rfc822)", "timestamp", shapeName, node);
                }

                return;
            default:
                Add(path, $"timestamp shape {shapeName} has the unknown timestampFormat \"{format}\"");
                return;
        }
    }

    private void CheckCount(int count, string noun, string shapeName, JsonObject shape, string path)
    {
        if (Bound(shape, "min") is { } min && count < min)
        {
            Add(path, Invariant($"{count} {noun}, below the minimum {min} of {shapeName}"));
        }

        if (Bound(shape, "max") is { } max && count > max)
        {
            Add(path, Invariant($"{count} {noun}, above the maximum {max} of {shapeName}"));
        }
    }

    private void CheckRange(decimal value, string literal, string shapeName, JsonObject shape, string path)
    {
        if (Bound(shape, "min") is { } min && value < min)
        {
            Add(path, Invariant($"{literal} is below the minimum {min} of {shapeName}"));
        }

        if (Bound(shape, "max") is { } max && value > max)
        {
            Add(path, Invariant($"{literal} is above the maximum {max} of {shapeName}"));
        }
    }

    private void Mismatch(string path, string expected, string type, string shapeName, JsonNode node) =>
        Add(path, $"expected {expected} for {type} shape {shapeName}, got {Describe(node)}");

    private void Add(string path, string problem) => _problems.Add(path + ": " + problem);

    private string WireName(string member, JsonObject reference) =>
        reference["locationName"]?.GetValue<string>()
        ?? _model.ShapeDefinition(reference["shape"]!.GetValue<string>())["locationName"]?.GetValue<string>()
        ?? member;

    private static bool Flag(JsonObject shape, string trait) => shape[trait] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static decimal? Bound(JsonObject shape, string trait) => shape[trait]?.GetValue<decimal>();

    private static JsonValueKind Kind(JsonNode node) => node.GetValueKind();

    private static string? StringOf(JsonNode node) => Kind(node) == JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>The node as a JsonElement, whether it was parsed from text or built in code.</summary>
    private static JsonElement Element(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element) ? element : JsonElement.Parse(node.ToJsonString());

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static bool IsIso8601(string text) =>
        Iso8601().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string Describe(JsonNode node) => Kind(node) switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the string " + Quote(Shorten(node.GetValue<string>())),
        JsonValueKind.Number => "the number " + node.ToJsonString(),
        JsonValueKind.True or JsonValueKind.False => node.ToJsonString(),
        _ => node.ToJsonString(),
    };

    private static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? path + "." + name : path + "[" + Quote(name) + "]";

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Shorten(string text) => text.Length <= MaxTextShown ? text : text[..MaxTextShown] + "...";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();
}
