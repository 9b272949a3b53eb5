namespace Portal.Shared.History;

/// <summary>What the timeline shows; every filter left null takes everything.</summary>
public sealed record TimelineQuery
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public string? Environment { get; init; }

    public string? Cluster { get; init; }

    public string? Service { get; init; }

    /// <summary>Who asked for a deployment; events and ECS's deployments name no one, so this keeps the ledger's deployments only.</summary>
    public string? Actor { get; init; }

    /// <summary>ui, api, ci, auto, publish for deployments; <see cref="TimelineItem.EventSource"/> for service events and deploys made outside the portal; <see cref="TimelineItem.AlarmSource"/> for alarm changes.</summary>
    public string? Source { get; init; }

    /// <summary>A deployment status by name (completed, failed…); keeps the ledger's deployments only.</summary>
    public string? Outcome { get; init; }

    public TimelineKind? Kind { get; init; }

    /// <summary>Inclusive.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The continuation of the previous page, or null for the first.</summary>
    public string? After { get; init; }

    /// <summary>How many rows a page holds; a fold of repeated events is one row.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Whether repeated events of a service are folded into one row (<see cref="TimelineFolding"/>).</summary>
    public bool Fold { get; init; }
}

public enum TimelineKind
{
    /// <summary>A deploy or rollback of the portal's ledger.</summary>
    Deploy,

    /// <summary>A service event ECS reported and the portal archived.</summary>
    Event,

    /// <summary>
    /// A service deployment ECS reported that no deployment of the ledger stands for: a deploy made
    /// outside the portal (console, CLI, Terraform, a pipeline with its own credentials).
    /// </summary>
    EcsDeployment,

    /// <summary>A CloudWatch alarm of the service changing state.</summary>
    Alarm,

    /// <summary>A task of the service that stopped, with why, as the portal archived it.</summary>
    Task,
}
