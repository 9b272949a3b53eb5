using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>An operation of a service model: its input and output shapes and its HTTP binding.</summary>
/// <param name="Name">The operation name, as it follows the target prefix in <c>X-Amz-Target</c>.</param>
/// <param name="InputShape">The input structure, or null when the operation takes no input.</param>
/// <param name="OutputShape">The output structure, or null when the operation returns nothing.</param>
internal sealed record AwsOperation(string Name, string? InputShape, string? OutputShape, string HttpMethod, string RequestUri);

/// <summary>
/// One of AWS's published service models (botocore's <c>service-2.json</c>, kept in tests/reference/aws-models):
/// its metadata, its operations, and a validator of JSON-protocol bodies against the operations' shapes.
/// </summary>
internal sealed class AwsServiceModel
{
    private static readonly ConcurrentDictionary<string, Lazy<AwsServiceModel>> Loaded = new(StringComparer.Ordinal);

    private readonly JsonObject _shapes;

    private AwsServiceModel(string service, JsonObject document)
    {
        Service = service;
        var metadata = document["metadata"]?.AsObject() ?? throw new InvalidDataException($"The model of {service} has no metadata.");
        ApiVersion = Text(metadata, "apiVersion") ?? throw new InvalidDataException($"The model of {service} has no apiVersion.");
        Protocol = Text(metadata, "protocol") ?? throw new InvalidDataException($"The model of {service} has no protocol.");
        Protocols = metadata["protocols"] is JsonArray protocols ? [.. protocols.Select(p => p!.GetValue<string>())] : [Protocol];
        JsonVersion = Text(metadata, "jsonVersion");
        TargetPrefix = Text(metadata, "targetPrefix");
        EndpointPrefix = Text(metadata, "endpointPrefix") ?? throw new InvalidDataException($"The model of {service} has no endpointPrefix.");
        // botocore: "If the model does not define a signing name, this value will be the endpoint prefix".
        SigningName = Text(metadata, "signingName") ?? EndpointPrefix;
        ServiceId = Text(metadata, "serviceId");
        _shapes = document["shapes"]?.AsObject() ?? throw new InvalidDataException($"The model of {service} has no shapes.");

        var operations = new Dictionary<string, AwsOperation>(StringComparer.Ordinal);
        foreach (var (name, node) in document["operations"]?.AsObject() ?? [])
        {
            var operation = node!.AsObject();
            var http = operation["http"]?.AsObject();
            operations[name] = new AwsOperation(
                Text(operation, "name") ?? name,
                operation["input"]?["shape"]?.GetValue<string>(),
                operation["output"]?["shape"]?.GetValue<string>(),
                http is null ? "POST" : Text(http, "method") ?? "POST",
                http is null ? "/" : Text(http, "requestUri") ?? "/");
        }

        Operations = operations;
    }

    /// <summary>The folder name the model was loaded from (ecs, cloudwatch, ce).</summary>
    public string Service { get; }

    public string ApiVersion { get; }

    /// <summary>The preferred protocol (metadata.protocol), e.g. json, or smithy-rpc-v2-cbor for CloudWatch.</summary>
    public string Protocol { get; }

    /// <summary>Every protocol the service accepts (metadata.protocols, else just <see cref="Protocol"/>).</summary>
    public IReadOnlyList<string> Protocols { get; }

    /// <summary>The JSON protocol version, the x in <c>application/x-amz-json-x</c> (1.0 or 1.1); null for non-JSON services.</summary>
    public string? JsonVersion { get; }

    /// <summary>What precedes the operation name in <c>X-Amz-Target</c>.</summary>
    public string? TargetPrefix { get; }

    public string EndpointPrefix { get; }

    /// <summary>The SigV4 service name: metadata.signingName, else the endpoint prefix (as botocore does).</summary>
    public string SigningName { get; }

    public string? ServiceId { get; }

    public IReadOnlyDictionary<string, AwsOperation> Operations { get; }

    /// <summary>Every shape name of the model.</summary>
    public IEnumerable<string> ShapeNames => _shapes.Select(shape => shape.Key);

    /// <summary>Loads (once per test run) the model of a service folder under tests/reference/aws-models.</summary>
    public static AwsServiceModel Load(string service) =>
        Loaded.GetOrAdd(service, name => new Lazy<AwsServiceModel>(() => Parse(name, File.ReadAllText(AwsReference.ModelFile(name, "service-2.json"))))).Value;

    /// <summary>Reads a model from its JSON text; <paramref name="service"/> only names it.</summary>
    public static AwsServiceModel Parse(string service, string json) =>
        new(service, JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException($"The model of {service} is empty."));

    public AwsOperation Operation(string name) =>
        Operations.TryGetValue(name, out var operation)
            ? operation
            : throw new KeyNotFoundException($"The {Service} model has no operation \"{name}\".");

    /// <summary>A copy of a shape's definition, to read its traits (type, min, max, enum, members, ...).</summary>
    public JsonObject Shape(string name) => ShapeDefinition(name).DeepClone().AsObject();

    /// <summary>The name of the shape a structure's member targets.</summary>
    public string MemberShapeName(string structure, string member) =>
        MemberReference(structure, member)["shape"]!.GetValue<string>();

    /// <summary>A copy of the definition of the shape a structure's member targets.</summary>
    public JsonObject MemberTarget(string structure, string member) => Shape(MemberShapeName(structure, member));

    /// <summary>
    /// The problems of a request body for an operation against its input shape, each as "JSON path: what is wrong";
    /// empty when the body is what the model allows. Required members must be present.
    /// </summary>
    public IReadOnlyList<string> ValidateInput(string operation, JsonNode? body, AwsValidationOptions? options = null) =>
        AwsShapeValidator.Validate(this, Operation(operation).InputShape, body, isInput: true, options ?? AwsValidationOptions.Wire);

    /// <summary>
    /// The problems of a response body for an operation against its output shape, by the rules of
    /// <see cref="ValidateInput"/> except that required members may be missing and JSON nulls are skipped, as SDK parsers do.
    /// </summary>
    public IReadOnlyList<string> ValidateOutput(string operation, JsonNode? body, AwsValidationOptions? options = null) =>
        AwsShapeValidator.Validate(this, Operation(operation).OutputShape, body, isInput: false, options ?? AwsValidationOptions.Wire);

    internal JsonObject ShapeDefinition(string name) =>
        _shapes[name] is JsonObject shape
            ? shape
            : throw new KeyNotFoundException($"The {Service} model has no shape \"{name}\".");

    private JsonObject MemberReference(string structure, string member) =>
        ShapeDefinition(structure)["members"]?[member] is JsonObject reference
            ? reference
            : throw new KeyNotFoundException($"The {Service} shape \"{structure}\" has no member \"{member}\".");

    private static string? Text(JsonObject node, string key) => node[key]?.GetValue<string>();
}
