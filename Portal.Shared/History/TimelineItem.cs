using Portal.Shared.Deployments;

namespace Portal.Shared.History;

/// <summary>
/// One row of the timeline: a deployment (with its phases and outcome) or a service event. The
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
    TimelineEvent? Event)
{
    /// <summary>The source service events carry: they come from ECS, not from a person.</summary>
    public const string EventSource = "ecs";
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

/// <summary>Where a deploy leads: its service page, the events around it, and its metrics window.</summary>
public sealed record TimelineLinks(string Service, string Events, string Metrics);

public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, string? Next);
