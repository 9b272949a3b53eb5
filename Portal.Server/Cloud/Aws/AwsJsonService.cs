namespace Portal.Server.Cloud.Aws;

/// <summary>
/// What the JSON-protocol client needs to know about one AWS API: where it lives, how it signs,
/// and how operations are named on the wire (from the service models' metadata).
/// </summary>
public sealed record AwsJsonService(
    string Name,
    string EndpointPrefix,
    string SigningName,
    string TargetPrefix,
    string JsonVersion,
    string EndpointVariable,
    string? FixedRegion = null)
{
    public static AwsJsonService Ecs { get; } = new("ecs", "ecs", "ecs", "AmazonEC2ContainerServiceV20141113", "1.1", "ECS");

    public static AwsJsonService CloudWatch { get; } = new("cloudwatch", "monitoring", "monitoring", "GraniteServiceVersion20100801", "1.0", "CLOUDWATCH");

    /// <summary>Cost Explorer answers only in us-east-1, whatever the account's region.</summary>
    public static AwsJsonService CostExplorer { get; } = new("ce", "ce", "ce", "AWSInsightsIndexService", "1.1", "COST_EXPLORER", "us-east-1");

    public string ContentType => $"application/x-amz-json-{JsonVersion}";

    public string SigningRegion(string region) => FixedRegion ?? region;
}
