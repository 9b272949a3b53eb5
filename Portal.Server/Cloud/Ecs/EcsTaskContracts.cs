namespace Portal.Server.Cloud.Ecs;

// ListTasks and DescribeTasks, named after the members of the ECS API model, holding only what the portal reads or sends.

/// <summary><paramref name="DesiredStatus"/> RUNNING (ECS's default when omitted) or STOPPED.</summary>
public sealed record ListTasksRequest(
    string Cluster,
    string? ServiceName = null,
    string? DesiredStatus = null,
    string? NextToken = null,
    int? MaxResults = null);

public sealed record ListTasksResponse(IReadOnlyList<string> TaskArns, string? NextToken);

/// <summary>At most <see cref="EcsLimits.DescribeTasksMax"/> tasks of one cluster per call.</summary>
public sealed record DescribeTasksRequest(string Cluster, IReadOnlyList<string> Tasks);

public sealed record DescribeTasksResponse(IReadOnlyList<EcsTask> Tasks, IReadOnlyList<EcsFailure> Failures);

/// <summary>One task as DescribeTasks describes it. <paramref name="Group"/> is "service:name" for a service's tasks.</summary>
public sealed record EcsTask(
    string TaskArn,
    string TaskDefinitionArn,
    string? Group,
    string LastStatus,
    string DesiredStatus,
    string? HealthStatus,
    string? LaunchType,
    string? AvailabilityZone,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppingAt,
    DateTimeOffset? StoppedAt,
    string? StopCode,
    string? StoppedReason,
    IReadOnlyList<EcsContainer> Containers);

public sealed record EcsContainer(string Name, string? LastStatus, int? ExitCode, string? Reason, string? HealthStatus);
