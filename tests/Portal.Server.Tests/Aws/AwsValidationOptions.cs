namespace Portal.Server.Tests.Aws;

/// <summary>How strictly <see cref="AwsServiceModel"/> validates bodies.</summary>
internal sealed record AwsValidationOptions
{
    /// <summary>The rules of the wire: what the JSON protocols actually send and receive.</summary>
    public static AwsValidationOptions Wire { get; } = new();

    /// <summary>
    /// For AWS's documentation examples (examples-1.json), which write timestamps as ISO 8601 text
    /// ("2016-08-29T16:25:52.130Z") for readers, where the JSON protocols put epoch seconds.
    /// </summary>
    public static AwsValidationOptions DocumentationExamples { get; } = new() { AcceptIsoTimestampText = true };

    /// <summary>Accept ISO 8601 text for timestamps whose wire format is epoch seconds.</summary>
    public bool AcceptIsoTimestampText { get; init; }
}
