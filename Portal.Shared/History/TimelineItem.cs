using Portal.Shared.Deployments;

namespace Portal.Shared.History;

/// <summary>
/// One row of the timeline: a deployment of the ledger (with its phases and outcome), a service event,
/// a service deployment ECS reported that the ledger does not hold (a deploy made outside the
/// portal), or an alarm's change of state. The <see cref="Key"/> orders rows that share a time, so paging neither repeats nor skips them.
/// </summary>
public sealed record TimelineItem(
    TimelineKind Kind,
    string Key,
    DateTimeOffset At,
    string Environment,
    string Cluster,
    string Service,
    string Source,
    string Summary,
    TimelineDeployment? Deployment,
    TimelineEvent? Event,
    TimelineEcsDeployment? EcsDeployment = null,
    TimelineAlarm? Alarm = null,
    TimelineFold? Fold = null)
{
    /// <summary>The source service events and ECS's service deployments carry: they come from ECS, not from the portal.</summary>
    public const string EventSource = "ecs";

    /// <summary>The source alarm changes carry.</summary>
    public const string AlarmSource = "cloudwatch";

    /// <summary>The stopped task this row stands for, when it is one.</summary>
    public TimelineTask? Task { get; init; }
}

/// <summary>A task that stopped: why in one line (with the exit code), its stop code and revision.</summary>
public sealed record TimelineTask(string TaskArn, string TaskId, int Revision, string? StopCode, string Summary, bool Unexpected);

public sealed record TimelineDeployment(
    Guid Id,
    string Kind,
    string Actor,
    DeploymentStatus Status,
    string? Outcome,
    string FromTaskDefinition,
    string? ToTaskDefinition,
    string Image,
    string? Reason,
    DateTimeOffset RequestedAt,
    DateTimeOffset? UpdatedServiceAt,
    DateTimeOffset? FinishedAt,
    TimelineLinks Links);

public sealed record TimelineEvent(string EventId, string Class, string Message);

/// <summary>
/// Events of one service that repeat one after the other, folded into the row of the newest of them:
/// how many, from when to when, and each of them, newest first, for a reader who opens the fold.
/// </summary>
public sealed record TimelineFold(int Count, DateTimeOffset First, DateTimeOffset Last, IReadOnlyList<TimelineItem> Members);

/// <summary>An alarm of the service changing state: into ALARM a regression began, back to OK it ended.</summary>
public sealed record TimelineAlarm(string Name, string State, string Severity, string MetricName, double Threshold, string? Reason)
{
    public bool IsInAlarm => State == "ALARM";

    public bool IsOk => State == "OK";
}

/// <summary>
/// A service deployment as ECS reported it (ListServiceDeployments, DescribeServiceDeployments), with
/// ECS's own status words: PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_IN_PROGRESS,
/// ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED… The task definition and ECS's deployment id are known when
/// the portal's poller saw the rollout.
/// </summary>
public sealed record TimelineEcsDeployment(
    string ServiceDeploymentArn,
    string Status,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? TargetServiceRevisionArn,
    string? TargetTaskDefinition,
    IReadOnlyList<string> SourceServiceRevisionArns,
    string? EcsDeploymentId,
    TimelineRollback? Rollback,
    TimelineLinks Links)
{
    /// <summary>ECS's statuses of a service deployment that has not ended yet.</summary>
    public static readonly IReadOnlyList<string> UnfinishedStatuses = ["PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS"];

    public bool IsFinished => !IsUnfinished(Status);

    public static bool IsUnfinished(string status) => UnfinishedStatuses.Contains(status, StringComparer.Ordinal);
}

/// <summary>ECS rolled the deployment back (its circuit breaker or alarms): why, when, and to which service revision.</summary>
public sealed record TimelineRollback(string Reason, DateTimeOffset StartedAt, string? ServiceRevisionArn);

/// <summary>Where a deploy leads: its service page, the events around it, and its metrics window.</summary>
public sealed record TimelineLinks(string Service, string Events, string Metrics);

/// <summary>One page of rows; when folded, a fold cut by the page's end continues at the start of the next page.</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, string? Next);
