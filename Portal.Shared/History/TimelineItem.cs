using Portal.Shared.Deployments;

namespace Portal.Shared.History;

/// <summary>
/// One row of the timeline: a deployment (with its phases and outcome), a service event or an alarm's change of state. The
/// <see cref="Key"/> orders rows that share a time, so paging neither repeats nor skips them.
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
    TimelineAlarm? Alarm = null)
{
    /// <summary>The source service events carry: they come from ECS, not from a person.</summary>
    public const string EventSource = "ecs";

    /// <summary>The source alarm changes carry.</summary>
    public const string AlarmSource = "cloudwatch";
}

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

/// <summary>An alarm of the service changing state: into ALARM a regression began, back to OK it ended.</summary>
public sealed record TimelineAlarm(string Name, string State, string Severity, string MetricName, double Threshold, string? Reason)
{
    public bool IsInAlarm => State == "ALARM";

    public bool IsOk => State == "OK";
}

/// <summary>Where a deploy leads: its service page, the events around it, and its metrics window.</summary>
public sealed record TimelineLinks(string Service, string Events, string Metrics);

public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, string? Next);
