using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// A value for every member of a shape of a service model, made from the shape alone: strings named after
/// their path (so two members never share a value), distinct integers, true, one-item lists and maps, every
/// member of a structure, the first value of an enum. A member the model gains later gets a value too.
/// </summary>
internal sealed class AwsShapeSample(AwsServiceModel model)
{
    private const int MaxDepth = 12;
    private int _number;

    public JsonNode Of(string shape, string path) => Of(shape, path, depth: 0);

    private JsonNode Of(string shapeName, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"The shape at {path} nests deeper than {MaxDepth}; a recursive shape needs a stop.");
        }

        var shape = model.ShapeDefinition(shapeName);
        switch (shape["type"]!.GetValue<string>())
        {
            case "structure":
                var structure = new JsonObject();
                foreach (var (member, reference) in shape["members"]!.AsObject())
                {
                    structure[member] = Of(reference!["shape"]!.GetValue<string>(), $"{path}.{member}", depth + 1);
                }

                return structure;
            case "list":
                return new JsonArray(Of(shape["member"]!["shape"]!.GetValue<string>(), $"{path}.0", depth + 1));
            case "map":
                var key = Of(shape["key"]!["shape"]!.GetValue<string>(), $"{path}.key", depth + 1).GetValue<string>();
                return new JsonObject { [key] = Of(shape["value"]!["shape"]!.GetValue<string>(), $"{path}.value", depth + 1) };
            case "string" when shape["enum"] is JsonArray values:
                return JsonValue.Create(values[0]!.GetValue<string>());
            case "string":
                return JsonValue.Create(path.TrimStart('.'));
            case "integer" or "long":
                return JsonValue.Create(++_number);
            case "float" or "double":
                return JsonValue.Create(++_number + 0.5);
            case "boolean":
                return JsonValue.Create(true);
            case "timestamp":
                return JsonValue.Create(1_790_000_000 + (++_number));
            case var other:
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"No sample for {shapeName} of type {other} at {path}."));
        }
    }
}
