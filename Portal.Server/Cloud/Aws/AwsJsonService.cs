namespace Portal.Server.Cloud.Aws;

/// <summary>
/// What the AWS client needs to know about one AWS API: where it lives, how it signs,
/// how operations are named on the wire (from the service models' metadata), and which operations
/// change something. An API with a <see cref="QueryVersion"/> speaks the query protocol (form-encoded
/// Action and Version, XML answers) instead of JSON.
/// </summary>
public sealed record AwsJsonService(
    string Name,
    string EndpointPrefix,
    string SigningName,
    string TargetPrefix,
    string JsonVersion,
    string EndpointVariable,
    bool PartitionWide = false,
    string? QueryVersion = null)
{
    /// <summary>
    /// Operations that only read, by the naming rule every AWS API follows. Anything else (Register,
    /// Update, Put, Create, Delete, Stop, Tag, ...) is treated as a write, including operations AWS
    /// adds later: a write whose answer is lost is never sent again blindly.
    /// </summary>
    private static readonly string[] ReadPrefixes = ["Describe", "List", "Get", "BatchGet"];

    public static AwsJsonService Ecs { get; } = new("ecs", "ecs", "ecs", "AmazonEC2ContainerServiceV20141113", "1.1", "ECS");

    public static AwsJsonService CloudWatch { get; } = new("cloudwatch", "monitoring", "monitoring", "GraniteServiceVersion20100801", "1.0", "CLOUDWATCH");

    /// <summary>Cost Explorer answers in one region per partition (us-east-1 in aws), whatever the account's region.</summary>
    public static AwsJsonService CostExplorer { get; } = new("ce", "ce", "ce", "AWSInsightsIndexService", "1.1", "COST_EXPLORER", PartitionWide: true);

    /// <summary>Elastic Load Balancing v2 speaks the query protocol, API version 2015-12-01.</summary>
    public static AwsJsonService ElasticLoadBalancing { get; } =
        new("elasticloadbalancing", "elasticloadbalancing", "elasticloadbalancing", string.Empty, string.Empty, "ELASTIC_LOAD_BALANCING_V2", QueryVersion: "2015-12-01");

    public bool IsQuery => QueryVersion is not null;

    public string ContentType => IsQuery ? "application/x-www-form-urlencoded" : $"application/x-amz-json-{JsonVersion}";

    public string SigningRegion(string region) => PartitionWide ? AwsPartition.Of(region).CostExplorerRegion : region;

    /// <summary>Whether the operation may change something in AWS (RegisterTaskDefinition, UpdateService, ...).</summary>
    public static bool IsWrite(string operation) =>
        !ReadPrefixes.Any(prefix => operation.StartsWith(prefix, StringComparison.Ordinal));
}
