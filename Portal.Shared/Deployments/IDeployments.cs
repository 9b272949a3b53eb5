using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Shared.Deployments;

/// <summary>
/// Deploy and roll back, as the deploy dialog and the API use it. Every call is decided on the
/// server under the caller's own role; a refusal changes nothing and says what to do.
/// </summary>
public interface IDeployments
{
    /// <summary>What the dialog offers for one service: announced builds, earlier revisions, the rollback target, guards in force.</summary>
    Task<DeployChoices?> ChoicesAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default);

    /// <summary>What deploying the target would change, against what the service runs now.</summary>
    Task<DeploymentPreview?> PreviewAsync(string environment, string cluster, string service, DeployTarget target, CancellationToken cancellationToken = default);

    Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rolls back to <see cref="RollbackCommand.TaskDefinition"/>, or by default to the revision that
    /// ran before the one being left (<see cref="RevisionLineage"/>); a rollout in progress is stopped.
    /// </summary>
    Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// The revisions a rollback may return to, newest first (the first is the default), each with
    /// whether ECS still has it ACTIVE. Asks ECS, so the rollback dialog calls it when it opens.
    /// </summary>
    Task<IReadOnlyList<RevisionChoice>> RollbackRevisionsAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default);

    /// <summary>
    /// Switches auto-deploy of every announced build of the service in that environment; the message
    /// says why when refused. On for a protected environment needs the Administer capability, a
    /// reason and the typed service name (<see cref="DeployGuards.AutoDeploySwitch"/>).
    /// </summary>
    Task<string?> SetAutoDeployAsync(
        string environment, string cluster, string service, bool on, string? reason = null, string? confirmation = null, CancellationToken cancellationToken = default);

    /// <summary>One deployment of the ledger, if the caller can see its environment.</summary>
    Task<DeploymentRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Raised (with the deployment's id) when a deployment the portal follows moves on.</summary>
    event Action<Guid>? Changed;
}

/// <summary>Deploy an announced build (a new revision is registered with its image) or an existing revision.</summary>
public sealed record DeployTarget(Guid? BuildId, string? TaskDefinition)
{
    public static DeployTarget Build(Guid id) => new(id, null);

    public static DeployTarget Revision(string taskDefinitionArn) => new(null, taskDefinitionArn);
}

public sealed record DeployCommand(
    string Environment,
    string Cluster,
    string Service,
    DeployTarget Target,
    string IdempotencyKey,
    string? Reason = null,
    string? Confirmation = null,
    string? ExpectedTaskDefinition = null,
    string? FreezeOverrideReason = null);

public sealed record RollbackCommand(
    string Environment,
    string Cluster,
    string Service,
    string IdempotencyKey,
    string? Reason = null,
    string? Confirmation = null,
    string? FreezeOverrideReason = null,
    string? TaskDefinition = null);

/// <summary>Accepted (with the deployment, new or the one the idempotency key already made) or refused with a problem.</summary>
public sealed record DeployResult(DeploymentRecord? Deployment, DeployProblem? Problem)
{
    public bool Accepted => Problem is null;

    public static DeployResult Started(DeploymentRecord deployment) => new(deployment, null);

    public static DeployResult Refused(DeployProblemKind kind, string message) => new(null, new DeployProblem(kind, message));
}

public sealed record DeployProblem(DeployProblemKind Kind, string Message);

/// <summary>Why a deploy was refused; the API maps each to its status code.</summary>
public enum DeployProblemKind
{
    /// <summary>400: the request needs fixing (unknown build, revision of another family, missing reason).</summary>
    Invalid,

    /// <summary>403: the role does not allow it.</summary>
    Forbidden,

    /// <summary>404: no such service that the caller can see, or no rollback target.</summary>
    NotFound,

    /// <summary>409: another deploy holds the service, or someone deployed in between.</summary>
    Conflict,

    /// <summary>423: a freeze window is in force.</summary>
    Frozen,

    /// <summary>422: the idempotency key was already used by this caller for a different request.</summary>
    KeyReused,

    /// <summary>502: AWS refused or failed; nothing beyond what the message says was changed.</summary>
    CloudFailed,
}

public sealed record DeploymentRecord(
    Guid Id,
    string Kind,
    string Source,
    string Actor,
    string Environment,
    string Cluster,
    string Service,
    string FromTaskDefinition,
    string? ToTaskDefinition,
    string Image,
    string? Reason,
    DeploymentStatus Status,
    string? Outcome,
    string? EcsDeploymentId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? UpdatedServiceAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack or DeploymentStatus.Stopped;
}

public sealed record DeployChoices(
    string Environment,
    string Cluster,
    string Service,
    bool IsProtected,
    string CurrentTaskDefinition,
    string CurrentImage,
    IReadOnlyList<BuildChoice> Builds,
    IReadOnlyList<RevisionChoice> Revisions,
    RollbackTarget? Rollback,
    DeploymentRecord? InFlight,
    FreezeNotice? Freeze,
    bool AutoDeploy,
    AutoDeployNotice? AutoDeployBy = null,
    Promotion? Promotion = null);

/// <summary>What runs in the environment before this one (stage, for prod), offered to deploy as it is.</summary>
public sealed record Promotion(string FromEnvironment, BuildChoice Build);

/// <summary>Auto-deploy as a standing setting: who switched it on, when, and why.</summary>
public sealed record AutoDeployNotice(string EnabledBy, DateTimeOffset EnabledAt, string? Reason);

/// <param name="Link">The CI run that built it, as announced.</param>
/// <param name="RunningIn">Where the build's image runs now, in the environments the caller can see.</param>
/// <param name="CommitLink">Where its commit is read, when the portal is configured with one.</param>
public sealed record BuildChoice(
    Guid Id, string Image, string Tag, string CommitSha, string Message, string Author, DateTimeOffset AnnouncedAt,
    string? Link = null, IReadOnlyList<BuildPlacement>? RunningIn = null, string? CommitLink = null);

/// <summary>An environment a build runs in: since when the portal deployed it there (null when not recorded) and how healthy it is.</summary>
public sealed record BuildPlacement(string Environment, DateTimeOffset? Since, HealthLevel Health);

/// <summary>
/// A revision the service ran: its image, commit, who deployed it and from when until when (null
/// where not recorded); <paramref name="IsActive"/> is whether ECS still has it (null: not asked).
/// </summary>
public sealed record RevisionChoice(
    string TaskDefinition, int Revision, string Image, DateTimeOffset? DeployedAt,
    string? DeployedBy = null, string? Commit = null, DateTimeOffset? RanUntil = null, bool? IsActive = null);

/// <summary>The revision a rollback returns to by default: the one that ran before the one being left, who deployed it, from when until when.</summary>
public sealed record RollbackTarget(
    string TaskDefinition, int Revision, string? Image, string? Commit, string? DeployedBy, DateTimeOffset? RanSince, DateTimeOffset? RanUntil)
{
    public static RollbackTarget From(RanRevision ran)
    {
        ArgumentNullException.ThrowIfNull(ran);
        return new(ran.TaskDefinition, TaskDefinitionArns.Revision(ran.TaskDefinition), ran.Image, ran.Commit, ran.DeployedBy, ran.Since, ran.Until);
    }
}

public sealed record FreezeNotice(string Reason, DateTimeOffset Until);

public sealed record DeploymentPreview(
    string FromImage,
    string ToImage,
    string FromCpu,
    string ToCpu,
    string FromMemory,
    string ToMemory,
    IReadOnlyList<string> EnvironmentVariablesAdded,
    IReadOnlyList<string> EnvironmentVariablesRemoved)
{
    public bool ChangesAnything =>
        FromImage != ToImage || FromCpu != ToCpu || FromMemory != ToMemory || EnvironmentVariablesAdded.Count > 0 || EnvironmentVariablesRemoved.Count > 0;
}
