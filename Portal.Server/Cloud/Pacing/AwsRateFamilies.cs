namespace Portal.Server.Cloud.Pacing;

/// <summary>
/// One of AWS's request-rate buckets: the actions that draw from it, how many tokens it holds (the burst)
/// and how many it gains a second (the sustained rate). Every caller in the account and region draws from
/// the same bucket: the portal, the console, Terraform, CI.
/// </summary>
public sealed record AwsRateFamily(string Service, string Name, double Capacity, double RefillPerSecond)
{
    public override string ToString() => $"{Service}:{Name}";
}

/// <summary>
/// AWS's published default request quotas for the actions the portal calls, per account and region.
/// ECS throttles with token buckets per action category ("Request throttling for the Amazon ECS API");
/// CloudWatch publishes a rate per action ("CloudWatch service quotas"), modelled as a bucket holding one
/// second of that rate. Accounts can have them raised, so these are the floor a design must live within.
/// </summary>
public static class AwsRateFamilies
{
    public static readonly AwsRateFamily EcsClusterRead = new("ecs", "cluster-read", 50, 20);
    public static readonly AwsRateFamily EcsServiceRead = new("ecs", "service-read", 100, 20);
    public static readonly AwsRateFamily EcsServiceModify = new("ecs", "service-modify", 50, 5);
    public static readonly AwsRateFamily EcsServiceDeployment = new("ecs", "service-deployment", 50, 20);
    public static readonly AwsRateFamily EcsTaskDefinitionRead = new("ecs", "task-definition-read", 50, 20);
    public static readonly AwsRateFamily EcsTaskDefinitionModify = new("ecs", "task-definition-modify", 20, 1);
    public static readonly AwsRateFamily EcsTaskRead = new("ecs", "task-read", 100, 20);
    public static readonly AwsRateFamily CloudWatchGetMetricData = new("cloudwatch", "GetMetricData", 500, 500);
    public static readonly AwsRateFamily CloudWatchDescribeAlarms = new("cloudwatch", "DescribeAlarms", 9, 9);

    /// <summary>ELBv2's non-mutating actions (Describe*) share one bucket: 40 tokens, 10 a second ("Request throttling for the ELB API").</summary>
    public static readonly AwsRateFamily ElbDescribe = new("elasticloadbalancing", "describe", 40, 10);

    public static IReadOnlyList<AwsRateFamily> All { get; } =
    [
        EcsClusterRead, EcsServiceRead, EcsServiceModify, EcsServiceDeployment, EcsTaskDefinitionRead, EcsTaskDefinitionModify, EcsTaskRead,
        CloudWatchGetMetricData, CloudWatchDescribeAlarms, ElbDescribe,
    ];

    /// <summary>The bucket an action draws from, or null for one the portal does not pace (none of its calls).</summary>
    public static AwsRateFamily? Of(string service, string operation) => (service, operation) switch
    {
        ("ecs", "ListClusters" or "DescribeClusters") => EcsClusterRead,
        ("ecs", "ListServices" or "DescribeServices") => EcsServiceRead,
        ("ecs", "UpdateService" or "CreateService" or "DeleteService") => EcsServiceModify,
        ("ecs", "ListServiceDeployments" or "DescribeServiceDeployments") => EcsServiceDeployment,
        ("ecs", "DescribeTaskDefinition" or "ListTaskDefinitions" or "ListTaskDefinitionFamilies") => EcsTaskDefinitionRead,
        ("ecs", "RegisterTaskDefinition" or "DeregisterTaskDefinition") => EcsTaskDefinitionModify,
        ("ecs", "ListTasks" or "DescribeTasks") => EcsTaskRead,
        ("cloudwatch", "GetMetricData") => CloudWatchGetMetricData,
        ("cloudwatch", "DescribeAlarms") => CloudWatchDescribeAlarms,
        ("elasticloadbalancing", _) when operation.StartsWith("Describe", StringComparison.Ordinal) => ElbDescribe,
        _ => null,
    };
}
