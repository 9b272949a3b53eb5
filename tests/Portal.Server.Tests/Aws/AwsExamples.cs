using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>One example of AWS's documentation (examples-1.json): an operation's sample input and output.</summary>
/// <param name="Index">The position of the example among those of its operation.</param>
internal sealed record AwsExample(string Service, string Operation, int Index, string Id, string Title, JsonNode? Input, JsonNode? Output);

/// <summary>
/// AWS's documentation examples of a service (tests/reference/aws-models/&lt;service&gt;/examples-1.json).
/// Timestamps in them are ISO 8601 text, where the JSON protocols put epoch seconds.
/// </summary>
internal static class AwsExamples
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<AwsExample>>> Loaded = new(StringComparer.Ordinal);

    /// <summary>Every example of a service, operation by operation.</summary>
    public static IReadOnlyList<AwsExample> All(string service) =>
        Loaded.GetOrAdd(service, name => new Lazy<IReadOnlyList<AwsExample>>(() => Read(name))).Value;

    /// <summary>A fresh copy of the output of an operation's example, free to change.</summary>
    public static JsonNode Output(string service, string operation, int index = 0) =>
        Find(service, operation, index).Output?.DeepClone()
        ?? throw new InvalidOperationException($"Example {index} of {service} {operation} has no output.");

    /// <summary>A fresh copy of the input of an operation's example, free to change.</summary>
    public static JsonNode Input(string service, string operation, int index = 0) =>
        Find(service, operation, index).Input?.DeepClone()
        ?? throw new InvalidOperationException($"Example {index} of {service} {operation} has no input.");

    private static AwsExample Find(string service, string operation, int index)
    {
        var examples = All(service).Where(example => example.Operation == operation).ToList();
        if (examples.Count == 0)
        {
            throw new KeyNotFoundException($"The {service} examples have none for {operation}.");
        }

        return index >= 0 && index < examples.Count
            ? examples[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"The {service} examples have {examples.Count} for {operation}.");
    }

    private static List<AwsExample> Read(string service)
    {
        var document = JsonNode.Parse(File.ReadAllText(AwsReference.ModelFile(service, "examples-1.json")))?.AsObject()
            ?? throw new InvalidDataException($"The examples of {service} are empty.");
        var examples = new List<AwsExample>();
        foreach (var (operation, list) in document["examples"]?.AsObject() ?? [])
        {
            var index = 0;
            foreach (var example in list!.AsArray().Select(node => node!.AsObject()))
            {
                examples.Add(new AwsExample(
                    service,
                    operation,
                    index++,
                    example["id"]?.GetValue<string>() ?? "",
                    example["title"]?.GetValue<string>() ?? "",
                    example["input"],
                    example["output"]));
            }
        }

        return examples;
    }
}
