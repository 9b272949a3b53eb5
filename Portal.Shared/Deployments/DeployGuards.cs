using Portal.Shared.Fleet;

namespace Portal.Shared.Deployments;

/// <summary>
/// The deploy engine's pure guards, over plain inputs, as <c>HealthRules</c> is for health: typed
/// confirmation and reason in protected environments, the idempotency decision, who an announced
/// build may deploy for, and what switching auto-deploy on needs. The deploy dialog, the API,
/// publishing and auto-deploy all pass through these; the capability itself is
/// <see cref="Access.AccessPolicy"/>'s and a token's scope is the server's token access.
/// </summary>
public static class DeployGuards
{
    /// <summary>How long an idempotency key holds: after it, the same key from the same caller makes a new deployment.</summary>
    public static readonly TimeSpan IdempotencyKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>The longest idempotency key taken.</summary>
    public const int IdempotencyKeyMaxLength = 128;

    /// <summary>The longest reason kept with a deployment, a freeze override's reason included.</summary>
    public const int ReasonMaxLength = 512;

    /// <summary>
    /// Why what a person typed is refused for its length, or null. The API refuses long fields at the
    /// door; the pages call the engine directly, so the engine checks again, the same on both databases.
    /// </summary>
    public static string? ReasonTooLong(string? reason, string? freezeOverrideReason)
    {
        var kept = (reason?.Trim().Length ?? 0) + (string.IsNullOrWhiteSpace(freezeOverrideReason) ? 0 : freezeOverrideReason.Trim().Length + FreezeOverrideWording.Length);
        return kept > ReasonMaxLength
            ? $"The reason is {kept} characters long with the freeze override's; say it in at most {ReasonMaxLength}."
            : null;
    }

    /// <summary>The words a freeze override's reason is kept in, after the deploy's own reason.</summary>
    public static string WithFreezeOverride(string? reason, string? freezeOverrideReason) =>
        string.IsNullOrWhiteSpace(freezeOverrideReason) ? reason?.Trim() ?? string.Empty : $"{reason?.Trim()}{FreezeOverrideWording}{freezeOverrideReason.Trim()})";

    private const string FreezeOverrideWording = " (freeze overridden: ";

    /// <summary>
    /// Why a deploy into a protected environment is refused, or null. A person types the service
    /// name and gives a reason; the one call that waives the typed name (the publish page's button,
    /// which only ever puts the newest build of a tagged site live) says so in its own origin.
    /// Machine callers (tokens, auto-deploy) confirm nothing by typing: their scope is their consent.
    /// </summary>
    public static string? ProtectedConfirmation(
        bool isProtected, bool byPerson, bool confirmationWaived, string environment, string service, string? confirmation, string? reason)
    {
        if (!isProtected || !byPerson || confirmationWaived)
        {
            return null;
        }

        if (!string.Equals(confirmation?.Trim(), service, StringComparison.Ordinal))
        {
            return $"{environment} is protected: type the service name, {service}, to confirm.";
        }

        return string.IsNullOrWhiteSpace(reason) ? $"{environment} is protected: say why you are deploying." : null;
    }

    /// <summary>
    /// What a freeze window in force means for a deploy: none in force, or overridden by one who may
    /// manage freeze windows and gave a reason (the caller audits it), lets it through; else the
    /// refusal, saying until when, why, and whether the caller could override it.
    /// </summary>
    public static FreezeDecision Freeze(FreezeWindow? inForce, string environment, bool mayOverride, string? overrideReason)
    {
        if (inForce is null)
        {
            return FreezeDecision.Open;
        }

        if (mayOverride && !string.IsNullOrWhiteSpace(overrideReason))
        {
            return FreezeDecision.Overridden;
        }

        var how = mayOverride ? " As an administrator you may override it with a reason." : string.Empty;
        return new FreezeDecision(false, $"{environment} is frozen until {inForce.End:yyyy-MM-dd HH:mm} UTC: {inForce.Reason}.{how}");
    }

    /// <summary>
    /// Why a revision chosen to roll back to is refused, or null: a rollback returns to a revision
    /// that ran before the one being left (<see cref="RevisionLineage"/>), never to the one being left
    /// nor to one a rollback already left. Any other revision is a deploy of a chosen revision.
    /// </summary>
    public static string? RollbackChoice(string service, string chosen, string leaving, IReadOnlyList<RanRevision> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (string.Equals(chosen, leaving, StringComparison.Ordinal))
        {
            return $"Revision {TaskDefinitionArns.Revision(chosen)} is the one {service} is leaving; roll back to a revision that ran before it.";
        }

        return candidates.Any(c => string.Equals(c.TaskDefinition, chosen, StringComparison.Ordinal))
            ? null
            : $"Revision {TaskDefinitionArns.Revision(chosen)} is not one {service} ran before the revision it is leaving (or a rollback already left it), so it is no rollback target. Deploy it as a chosen revision instead.";
    }

    /// <summary>Why an idempotency key is unusable, or null: 1 to <see cref="IdempotencyKeyMaxLength"/> characters.</summary>
    public static string? IdempotencyKeyProblem(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Trim().Length > IdempotencyKeyMaxLength
            ? $"An idempotency key of 1 to {IdempotencyKeyMaxLength} characters is required, so a retried request makes one deployment."
            : null;

    /// <summary>
    /// What a request means, for comparing two requests under one key: what kind, where, what to
    /// and from what it expects to start. Two requests with the same fingerprint are the same request.
    /// </summary>
    public static string Fingerprint(string kind, string environment, string cluster, string service, DeployTarget? target, string? expectedTaskDefinition)
    {
        var to = target switch
        {
            { BuildId: { } build } => $"build:{build:N}",
            { TaskDefinition: { Length: > 0 } revision } => $"revision:{revision}",
            _ => "-",
        };
        return string.Join('|', kind, environment.ToLowerInvariant(), cluster, service, to, expectedTaskDefinition ?? "-");
    }

    /// <summary>
    /// What an idempotency key means for a new request, as payment APIs answer it: the key belongs to
    /// one caller (the ledger finds the earlier deployment by caller and key); an earlier request older
    /// than <see cref="IdempotencyKeyLifetime"/> no longer holds it; the same request is answered with the
    /// earlier deployment; a different request under a live key is a conflict, never the earlier deployment.
    /// </summary>
    /// <param name="earlierFingerprint">The earlier request's fingerprint; empty for rows recorded before fingerprints were kept, taken as the same request.</param>
    public static IdempotencyDecision Idempotency(string? earlierFingerprint, DateTimeOffset? earlierRequestedAt, string fingerprint, DateTimeOffset now)
    {
        if (earlierRequestedAt is not { } at)
        {
            return IdempotencyDecision.New;
        }

        if (now - at >= IdempotencyKeyLifetime)
        {
            return IdempotencyDecision.Expired;
        }

        return string.IsNullOrEmpty(earlierFingerprint) || string.Equals(earlierFingerprint, fingerprint, StringComparison.Ordinal)
            ? IdempotencyDecision.Replay
            : IdempotencyDecision.Conflict;
    }

    /// <summary>The words of a 422 for a key reused with a different request: which fields differ.</summary>
    public static string KeyConflict(string key, string earlierFingerprint, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(earlierFingerprint);
        ArgumentNullException.ThrowIfNull(fingerprint);
        string[] names = ["kind", "environment", "cluster", "service", "target", "expected revision"];
        var earlier = earlierFingerprint.Split('|');
        var now = fingerprint.Split('|');
        var differing = names.Where((_, i) => i >= earlier.Length || i >= now.Length || earlier[i] != now[i]).ToList();
        return $"Idempotency key '{key}' was already used for a different request (its {string.Join(", ", differing)} differ). " +
            $"Send a new key for a new request; a key holds for {IdempotencyKeyLifetime.TotalHours:0} hours.";
    }

    /// <summary>
    /// Whether a build announced by a caller may start an automatic deploy into the environment: only
    /// by a token whose scopes would let it deploy the service there itself. A person never announces.
    /// </summary>
    /// <param name="announcerMayDeploy">The token's own decision for deploying that service in that environment.</param>
    public static bool AnnouncerMayAutoDeploy(bool announcedByToken, bool announcerMayDeploy) => announcedByToken && announcerMayDeploy;

    /// <summary>The actor recorded for an automatic deploy: what started it and who caused it.</summary>
    public static string AutoActor(string announcer) => $"auto ({announcer})";

    /// <summary>
    /// Why switching auto-deploy is refused, or null. Switching it off, or on where the environment is
    /// not protected, needs what a deploy needs. Switching it on for a protected environment is a standing
    /// deploy without a confirmation each time, so it needs the Administer capability, a reason and the
    /// typed service name.
    /// </summary>
    public static string? AutoDeploySwitch(
        bool on, bool isProtected, bool mayDeploy, bool mayAdminister, string environment, string service, string? confirmation, string? reason, string? deployRefusal)
    {
        if (!mayDeploy)
        {
            return deployRefusal ?? $"You hold no role in {environment} that allows deploying {service}.";
        }

        if (!on || !isProtected)
        {
            return null;
        }

        if (!mayAdminister)
        {
            return $"{environment} is protected: only an Administrator may have every new build of {service} deployed there automatically.";
        }

        if (!string.Equals(confirmation?.Trim(), service, StringComparison.Ordinal))
        {
            return $"{environment} is protected: type the service name, {service}, to switch auto-deploy on.";
        }

        return string.IsNullOrWhiteSpace(reason) ? $"{environment} is protected: say why every new build of {service} should go there automatically." : null;
    }
}

/// <summary>A freeze window's answer: through (perhaps overridden), or the refusal.</summary>
public sealed record FreezeDecision(bool Overrode, string? Refusal)
{
    public static FreezeDecision Open { get; } = new(false, null);

    public static FreezeDecision Overridden { get; } = new(true, null);
}

/// <summary>What an idempotency key means for a new request.</summary>
public enum IdempotencyDecision
{
    /// <summary>The caller never used the key: record a new deployment.</summary>
    New,

    /// <summary>The same request again: answer with the deployment it made.</summary>
    Replay,

    /// <summary>A different request under a key still held: 422, nothing recorded.</summary>
    Conflict,

    /// <summary>The key's earlier use is older than its lifetime: it is free again, for a new deployment.</summary>
    Expired,
}
