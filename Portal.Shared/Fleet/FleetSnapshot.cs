namespace Portal.Shared.Fleet;

/// <summary>
/// Everything the poller read from one environment in one refresh. The ECS part (clusters, services,
/// deployments, events) was read at <see cref="TakenAt"/>: without it there is no snapshot. The
/// CloudWatch part (alarms, metrics) may have failed on its own; then every service carries the
/// alarms and metrics of the snapshot before, and <see cref="CloudWatch"/> says when they were read and why
/// this read failed.
/// </summary>
public sealed record EnvironmentSnapshot(
    string Environment,
    DateTimeOffset TakenAt,
    IReadOnlyList<ClusterSnapshot> Clusters)
{
    public IEnumerable<ServiceSnapshot> Services => Clusters.SelectMany(c => c.Services);

    /// <summary>The CloudWatch part of this refresh; a snapshot built without one says CloudWatch was never read.</summary>
    public PartRead CloudWatch { get; init; } = PartRead.Never;
}

/// <summary>One part of an environment's refresh: when it was last read successfully, and why the last attempt failed if it did.</summary>
public sealed record PartRead(DateTimeOffset? ReadAt, string? LastError)
{
    public static PartRead Never { get; } = new(null, null);

    public static PartRead Succeeded(DateTimeOffset readAt) => new(readAt, null);

    /// <summary>This attempt failed: the data of the last success stays, with the error.</summary>
    public PartRead Failed(string error) => this with { LastError = error };
}

public sealed record ClusterSnapshot(
    string Name,
    string Arn,
    string Status,
    int RunningTasksCount,
    int PendingTasksCount,
    IReadOnlyList<ServiceSnapshot> Services);

/// <summary>
/// One service as the poller read it. <see cref="BelowDesiredSince"/> and <see cref="PendingSince"/> come from ECS's own
/// timestamps where it gives them (<see cref="Health.ShortfallSince"/>). <see cref="Cpu"/>, <see cref="Memory"/> and
/// <see cref="Alarms"/> were read from CloudWatch at <see cref="CloudWatchReadAt"/>, which is older than the snapshot when
/// CloudWatch failed since, and null when they were never read (a service that appeared while CloudWatch failed).
/// <see cref="ReadAt"/> is when its ECS part was read, when later than the snapshot's TakenAt (the deployment follower
/// reads a service mid-rollout every couple of seconds); null means with the snapshot.
/// </summary>
public sealed record ServiceSnapshot(
    string Name,
    string Cluster,
    string Arn,
    string Status,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    TaskDefinitionSummary TaskDefinition,
    IReadOnlyList<DeploymentSnapshot> Deployments,
    IReadOnlyList<ServiceEventRecord> Events,
    MetricSeries Cpu,
    MetricSeries Memory,
    IReadOnlyList<AlarmStatus> Alarms,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset? BelowDesiredSince,
    DateTimeOffset? PendingSince,
    DateTimeOffset? CloudWatchReadAt = null,
    DateTimeOffset? ReadAt = null)
{
    public DeploymentSnapshot? Primary => Deployments.FirstOrDefault(d => d.Status == "PRIMARY");

    /// <summary>The service's tasks, read when something changed for the service (<see cref="ServiceTasks"/>).</summary>
    public ServiceTasks Tasks { get; init; } = ServiceTasks.None;

    /// <summary>Its load balancer targets' health, read per target group; none for a service without a load balancer.</summary>
    public LoadBalancerTargets Targets { get; init; } = LoadBalancerTargets.None;
}

/// <summary>What a task definition revision runs: the part of it people compare between environments.</summary>
public sealed record TaskDefinitionSummary(
    string Arn,
    string Family,
    int Revision,
    string Image,
    string Cpu,
    string Memory,
    IReadOnlyList<string> EnvironmentVariableNames)
{
    /// <summary>The tag after the last ':' of the image, or "latest" when the image names none.</summary>
    public string ImageTag => Deployments.ImageReference.TagOf(Image);

    /// <summary>The awslogs settings of each container that logs with that driver.</summary>
    public IReadOnlyList<ContainerLogSettings> Logs { get; init; } = [];

    public static TaskDefinitionSummary Unknown(string arn) =>
        new(arn, TaskDefinitionArns.Family(arn), TaskDefinitionArns.Revision(arn), "unknown", "?", "?", []);
}

public static class TaskDefinitionArns
{
    /// <summary>"arn:aws:ecs:eu-west-1:1:task-definition/web:12" → "web".</summary>
    public static string Family(string arn)
    {
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name[..colon];
    }

    /// <summary>"arn:aws:ecs:eu-west-1:1:task-definition/web:12" → 12; 0 when the ARN carries no revision.</summary>
    public static int Revision(string arn)
    {
        var colon = arn.LastIndexOf(':');
        return colon >= 0 && int.TryParse(arn.AsSpan(colon + 1), out var revision) ? revision : 0;
    }
}

public enum RolloutState
{
    Unknown,
    InProgress,
    Completed,
    Failed,
}

/// <summary>One entry of a service's deployments list (PRIMARY, ACTIVE).</summary>
public sealed record DeploymentSnapshot(
    string Id,
    string Status,
    string TaskDefinitionArn,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    int FailedTasks,
    RolloutState RolloutState,
    string? RolloutStateReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public int Revision => TaskDefinitionArns.Revision(TaskDefinitionArn);
}

public sealed record ServiceEventRecord(string Id, DateTimeOffset CreatedAt, string Message, ServiceEventClass Class);

public sealed record MetricPoint(DateTimeOffset Timestamp, double Value);

public sealed record MetricSeries(IReadOnlyList<MetricPoint> Points)
{
    public static MetricSeries Empty { get; } = new([]);

    /// <summary>The newest data point, if any.</summary>
    public MetricPoint? Latest => Points.Count == 0 ? null : Points.MaxBy(p => p.Timestamp);
}

public enum AlarmSeverity
{
    Warning,
    Critical,
}

public sealed record AlarmStatus(
    string Name,
    string State,
    AlarmSeverity Severity,
    string MetricName,
    double Threshold,
    string? StateReason,
    DateTimeOffset StateUpdatedAt)
{
    public bool IsInAlarm => State == "ALARM";

    /// <summary>The convention: alarm names carry "critical" (wake someone) or "warning" (someone online looks).</summary>
    public static AlarmSeverity SeverityFromName(string alarmName) =>
        alarmName.Contains("critical", StringComparison.OrdinalIgnoreCase) ? AlarmSeverity.Critical : AlarmSeverity.Warning;
}
