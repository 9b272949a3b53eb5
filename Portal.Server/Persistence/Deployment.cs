using Portal.Shared.Deployments;

namespace Portal.Server.Persistence;

/// <summary>
/// One deploy or rollback in the ledger: who asked, from where, what changed, each phase's time,
/// ECS's deployment id and how it ended. Kept for good, whatever ECS forgets.
/// </summary>
public sealed class Deployment
{
    public Guid Id { get; set; }

    /// <summary><see cref="Deployments.DeploymentKinds"/>: deploy or rollback.</summary>
    public required string Kind { get; set; }

    /// <summary><see cref="DeploymentSources"/>: ui, api, ci or auto.</summary>
    public required string Source { get; set; }

    /// <summary>A person's user name, or <c>token:&lt;name&gt;</c>.</summary>
    public required string Actor { get; set; }

    public required string Environment { get; set; }

    public required string Cluster { get; set; }

    public required string Service { get; set; }

    /// <summary>
    /// Makes a retried or double-clicked request one deployment: unique per actor, held for
    /// <see cref="DeployGuards.IdempotencyKeyLifetime"/>; null once expired, so the key is free again.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary><see cref="DeployGuards.Fingerprint"/> of the request the key came with: the same key with another request is refused.</summary>
    public string RequestFingerprint { get; set; } = string.Empty;

    public required string FromTaskDefinition { get; set; }

    /// <summary>Null until the revision to run is known (registered, for a new image).</summary>
    public string? ToTaskDefinition { get; set; }

    public required string Image { get; set; }

    public string? BuildCommit { get; set; }

    public string? Reason { get; set; }

    public DeploymentStatus Status { get; set; }

    /// <summary>What ended it, in words: ECS's rollout reason, the error, who stopped it.</summary>
    public string? Outcome { get; set; }

    public string? EcsDeploymentId { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public DateTimeOffset? UpdatedServiceAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency: two instances following the same deployment must not both write its end.</summary>
    public int Version { get; set; }

    public bool IsFinished => Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack or DeploymentStatus.Stopped;
}

public static class DeploymentSources
{
    public const string Ui = "ui";
    public const string Api = "api";
    public const string Ci = "ci";
    public const string Auto = "auto";

    /// <summary>The publish page: a publisher putting the newest version of a site live.</summary>
    public const string Publish = "publish";

    /// <summary>The chat slash command: a person mapped from their chat account, with their own roles.</summary>
    public const string Chat = "chat";
}

/// <summary>A built image CI announced, offered in the deploy dialog.</summary>
public sealed class AnnouncedBuild
{
    public Guid Id { get; set; }

    public required string Service { get; set; }

    public required string Image { get; set; }

    public required string CommitSha { get; set; }

    public required string Message { get; set; }

    public required string Author { get; set; }

    public string? Link { get; set; }

    /// <summary>The files the build's commits changed, one per line, as CI announced them (the publish page names the markdown ones as pages).</summary>
    public string? ChangedFiles { get; set; }

    public required string AnnouncedBy { get; set; }

    public DateTimeOffset AnnouncedAt { get; set; }
}

/// <summary>
/// "One deploy at a time" for one service: held by a deployment until it ends or <see cref="ExpiresAt"/>
/// passes, so a lock whose instance died frees itself.
/// </summary>
public sealed class ServiceLock
{
    /// <summary>environment/cluster/service.</summary>
    public required string Key { get; set; }

    public Guid DeploymentId { get; set; }

    public required string Holder { get; set; }

    public DateTimeOffset AcquiredAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>Auto-deploy switched on for one service in one environment: every build announced for it is deployed there.</summary>
public sealed class AutoDeploySetting
{
    public required string Environment { get; set; }

    public required string Service { get; set; }

    public required string EnabledBy { get; set; }

    public DateTimeOffset EnabledAt { get; set; }

    /// <summary>Why every build goes out by itself: required where the environment is protected.</summary>
    public string? Reason { get; set; }
}

/// <summary>
/// A service event as ECS reported it, kept after ECS forgets it (ECS keeps a service's newest 100).
/// ECS's event id makes it unique per service, so seeing it again adds nothing.
/// </summary>
public sealed class ArchivedServiceEvent
{
    public long Id { get; set; }

    public required string Environment { get; set; }

    public required string Cluster { get; set; }

    public required string Service { get; set; }

    public required string EventId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string Message { get; set; }

    /// <summary>The portal's reading of the message (rollout, failure, steady state…), by name.</summary>
    public required string Class { get; set; }
}

/// <summary>
/// A CloudWatch alarm of a service changing state (into ALARM, back to OK…), kept so the timeline can
/// show when a regression began and ended. An alarm's name and the time it changed make it unique.
/// </summary>
public sealed class ArchivedAlarmChange
{
    public long Id { get; set; }

    public required string Environment { get; set; }

    public required string Cluster { get; set; }

    public required string Service { get; set; }

    public required string AlarmName { get; set; }

    /// <summary>OK, ALARM or INSUFFICIENT_DATA, as CloudWatch names them.</summary>
    public required string State { get; set; }

    /// <summary>Critical or Warning, read from the alarm's name by the portal's convention.</summary>
    public required string Severity { get; set; }

    public required string MetricName { get; set; }

    public double Threshold { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// A service deployment as ECS's ListServiceDeployments and DescribeServiceDeployments report it,
/// kept after ECS forgets it (ECS keeps 90 days). It covers every deploy of the service, also those
/// made outside the portal (console, CLI, Terraform). Its ARN makes it unique per environment; its
/// status is rewritten while ECS still reports it changing.
/// </summary>
public sealed class ArchivedServiceDeployment
{
    public long Id { get; set; }

    public required string Environment { get; set; }

    public required string Cluster { get; set; }

    public required string Service { get; set; }

    public required string ServiceDeploymentArn { get; set; }

    /// <summary>
    /// ECS's deployment id ("ecs-svc/…") of the same rollout, the id the ledger records, when the
    /// fleet snapshot showed that rollout; ECS relates the two only by their creation time.
    /// </summary>
    public string? EcsDeploymentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>ECS's status: PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL…</summary>
    public required string Status { get; set; }

    public string? StatusReason { get; set; }

    public string? TargetServiceRevisionArn { get; set; }

    /// <summary>The service revisions it replaced, separated by spaces.</summary>
    public string? SourceServiceRevisionArns { get; set; }

    /// <summary>The task definition it rolled out, when the fleet snapshot showed it.</summary>
    public string? TargetTaskDefinition { get; set; }

    public string? RollbackReason { get; set; }

    public DateTimeOffset? RollbackStartedAt { get; set; }

    /// <summary>The service revision ECS rolled back to.</summary>
    public string? RollbackServiceRevisionArn { get; set; }

    /// <summary>When ECS was last asked about it.</summary>
    public DateTimeOffset LastCheckedAt { get; set; }

    /// <summary>
    /// The ledger's deployment that stands for this rollout, when the portal made it; null for a deploy
    /// made outside the portal. Decided when the row is written, so the timeline and the figures filter
    /// on it in the database.
    /// </summary>
    public Guid? LedgerDeploymentId { get; set; }
}
