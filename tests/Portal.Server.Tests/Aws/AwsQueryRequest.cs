using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// A query-protocol request (form-encoded Action, Version and parameters) checked against a service model: the action
/// must be an operation, the version the model's, and the parameters, read back into the input shape as the query
/// protocol serializes it (structures as <c>Name.Member</c>, lists as <c>Name.member.N</c>, numbered from 1), must be
/// what the input shape allows, by the same validator as the JSON protocols.
/// </summary>
internal static class AwsQueryRequest
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string form) =>
        form.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? string.Empty : pair[(equals + 1)..];
            return KeyValuePair.Create(Uri.UnescapeDataString(key.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' ')));
        }).ToList();

    /// <summary>The operation named by Action (null when none), and every problem of the request.</summary>
    public static (string? Operation, IReadOnlyList<string> Problems) Validate(AwsServiceModel model, string form)
    {
        var pairs = Parse(form);
        var problems = new List<string>();
        var duplicated = pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        problems.AddRange(duplicated.Select(key => $"{key}: given more than once"));
        var action = pairs.FirstOrDefault(p => p.Key == "Action").Value;
        var version = pairs.FirstOrDefault(p => p.Key == "Version").Value;
        if (action is null || !model.Operations.ContainsKey(action))
        {
            problems.Add($"Action: '{action}' is not an operation of {model.Service}");
            return (null, problems);
        }

        if (version != model.ApiVersion)
        {
            problems.Add($"Version: '{version}' is not {model.ApiVersion}");
        }

        var parameters = pairs.Where(p => p.Key is not "Action" and not "Version").ToList();
        var shape = model.Operation(action).InputShape;
        var input = shape is null ? new JsonObject() : Structure(model, shape, parameters.Select(p => (p.Key.Split('.'), p.Value)).ToList());
        problems.AddRange(model.ValidateInput(action, input));
        return (action, problems);
    }

    private static JsonObject Structure(AwsServiceModel model, string shape, List<(string[] Path, string Value)> parameters)
    {
        var members = model.Shape(shape)["members"]?.AsObject();
        var result = new JsonObject();
        foreach (var group in parameters.GroupBy(p => p.Path[0], StringComparer.Ordinal))
        {
            var rest = group.Select(p => (p.Path[1..], p.Value)).ToList();
            result[group.Key] = members?[group.Key] is null
                ? JsonValue.Create(group.First().Value) // unknown: the validator names it
                : Value(model, model.MemberShapeName(shape, group.Key), rest);
        }

        return result;
    }

    private static JsonNode? Value(AwsServiceModel model, string shape, List<(string[] Path, string Value)> parameters)
    {
        var definition = model.Shape(shape);
        switch (definition["type"]?.GetValue<string>())
        {
            case "structure":
                return Structure(model, shape, parameters);
            case "list":
                var memberShape = definition["member"]!["shape"]!.GetValue<string>();
                var items = parameters
                    .Where(p => p.Path.Length >= 2 && p.Path[0] == "member")
                    .GroupBy(p => int.Parse(p.Path[1], CultureInfo.InvariantCulture))
                    .OrderBy(g => g.Key)
                    .Select(g => Value(model, memberShape, g.Select(p => (p.Path[2..], p.Value)).ToList()))
                    .ToArray();
                return new JsonArray(items);
            case "integer" or "long":
                return long.TryParse(parameters[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(parameters[0].Value);
            case "boolean":
                return parameters[0].Value switch { "true" => JsonValue.Create(true), "false" => JsonValue.Create(false), var other => JsonValue.Create(other) };
            default:
                return JsonValue.Create(parameters[0].Value);
        }
    }
}
