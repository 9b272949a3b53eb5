using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// Deploys and rolls back one service under the caller's own role, behind every guard: capability,
/// valid target, typed confirmation and reason in protected environments, freeze windows, the
/// expected current revision, the idempotency key and one deploy at a time. A guard that refuses
/// changes nothing: no revision registered, no service touched. Then it registers a revision when
/// the image changes, updates the service and leaves the rollout to <see cref="DeploymentFollower"/>.
/// </summary>
public sealed partial class Deployer(
    IFleetView fleet,
    IEnvironmentCatalog environments,
    IEcs ecs,
    PortalAccess access,
    CurrentCaller caller,
    DeployWriteCallers writeCallers,
    DeploymentLedger ledger,
    ServiceLocks locks,
    BuildCatalog builds,
    AuditLog audit,
    DeploymentEvents events,
    DeploymentMetrics metrics,
    IOptions<DeploymentsOptions> options,
    TimeProvider time,
    ILogger<Deployer> logger,
    DeploymentApplier applier,
    ServiceUpdates serviceUpdates,
    NewRevisions newRevisions)
{
    /// <summary>Who auto-deploys are recorded as: no person clicked; the switch was set by one who may deploy.</summary>
    public const string AutoActor = "auto";

    private CloudCaller? _autoWriter;

    /// <summary>The source recorded for this caller's deployments: the UI for people, the API for tokens, unless said otherwise.</summary>
    public string Source { get; set; } = DeploymentSources.Ui;

    /// <summary>
    /// Deploys an announced build because auto-deploy is on for the service there: with the
    /// environment's deployer role, recorded as source auto, behind the same guards except the
    /// caller's capability (checked when the switch was set). One deployment per build and environment.
    /// </summary>
    public async Task<DeployResult> AutoDeployAsync(ServiceView service, AnnouncedBuild build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(build);
        var environment = environments.Environments.First(e => e.Name == service.Environment);
        if (environment.DeployerRole is not { } role)
        {
            return DeployResult.Refused(DeployProblemKind.Forbidden, $"No deployer role is configured for {environment.Name}, so nothing can be deployed there automatically.");
        }

        if (!ImageReference.IsValid(build.Image))
        {
            return DeployResult.Refused(DeployProblemKind.Invalid, $"Build {build.CommitSha} names an image ECS cannot pull: '{build.Image}'.");
        }

        Source = DeploymentSources.Auto;
        _autoWriter = new CloudCaller(environment.Info.AccountId, environment.Info.Region, role, "portal-auto-deploy");
        return await StartAsync(
            new ResolvedService(environment, service, null), DeploymentKinds.Deploy, build.Image, taskDefinition: null, build.CommitSha,
            $"auto-{build.Id:N}", $"Auto-deploy of build {build.CommitSha}", confirmation: null, expectedTaskDefinition: null, freezeOverrideReason: null, cancellationToken);
    }

    /// <param name="action">Deploy, or Publish for the publish page (allowed to publishers, only for services tagged publishable).</param>
    public async Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken, PortalAction action = PortalAction.Deploy)
    {
        ArgumentNullException.ThrowIfNull(command);
        var target = await ResolveAsync(command.Environment, command.Cluster, command.Service, action, cancellationToken);
        if (target.Problem is { } refused)
        {
            return refused;
        }

        var (image, taskDefinition, commit, invalid) = await ChooseAsync(target.Service!, command.Target, cancellationToken);
        return invalid ?? await StartAsync(
            target, DeploymentKinds.Deploy, image!, taskDefinition, commit, command.IdempotencyKey, command.Reason, command.Confirmation,
            command.ExpectedTaskDefinition, command.FreezeOverrideReason, cancellationToken);
    }

    public async Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var target = await ResolveAsync(command.Environment, command.Cluster, command.Service, PortalAction.Rollback, cancellationToken);
        if (target.Problem is { } refused)
        {
            return refused;
        }

        var service = target.Service!;

        // A rollback during a rollout stops it: back to the revision that ran before it started.
        var inFlight = (await ledger.OfServiceAsync(service.Environment, service.Service.Cluster, service.Service.Name, 5, cancellationToken))
            .FirstOrDefault(d => d.Status == DeploymentStatus.InProgress);
        var rollback = inFlight is not null
            ? new RollbackTarget(inFlight.FromTaskDefinition, TaskDefinitionArns.Revision(inFlight.FromTaskDefinition), "the revision before it", inFlight.RequestedAt)
            : await RollbackTargetAsync(service, cancellationToken);
        if (rollback is null)
        {
            return DeployResult.Refused(DeployProblemKind.NotFound,
                $"No earlier completed deployment of {service.Service.Name} is recorded, so there is nothing to return to. Deploy a chosen revision instead.");
        }

        // The target must still exist and be usable: a deregistered revision cannot run again.
        var revision = await DescribeRevisionAsync(target.Environment!, rollback.TaskDefinition, cancellationToken);
        if (revision is null || revision.Status != "ACTIVE")
        {
            return DeployResult.Refused(DeployProblemKind.Invalid,
                $"Revision {rollback.Revision} of {TaskDefinitionArns.Family(rollback.TaskDefinition)} is no longer ACTIVE (deregistered?), so it cannot be rolled back to. Deploy another revision instead.");
        }

        return await StartAsync(
            target, DeploymentKinds.Rollback, revision.ContainerDefinitions.FirstOrDefault()?.Image ?? rollback.Image, rollback.TaskDefinition, commit: null,
            command.IdempotencyKey, command.Reason, command.Confirmation, expectedTaskDefinition: null, command.FreezeOverrideReason, cancellationToken, stopping: inFlight);
    }

    /// <summary>The revision a rollback returns to: the one the service ran, completed, before the newest completed deployment to what it runs now.</summary>
    public async Task<RollbackTarget?> RollbackTargetAsync(ServiceView service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var current = service.Service.TaskDefinition.Arn;
        var history = await ledger.OfServiceAsync(service.Environment, service.Service.Cluster, service.Service.Name, 200, cancellationToken);
        var toCurrent = history.FirstOrDefault(d => d.Status == DeploymentStatus.Completed && d.ToTaskDefinition == current && d.FromTaskDefinition != current);
        if (toCurrent is null)
        {
            return null;
        }

        var ranBefore = history.FirstOrDefault(d => d.Status == DeploymentStatus.Completed && d.ToTaskDefinition == toCurrent.FromTaskDefinition);
        return new RollbackTarget(
            toCurrent.FromTaskDefinition,
            TaskDefinitionArns.Revision(toCurrent.FromTaskDefinition),
            ranBefore?.Image ?? "the image of that revision",
            ranBefore?.FinishedAt ?? toCurrent.RequestedAt);
    }

    private async Task<ResolvedService> ResolveAsync(string environment, string cluster, string service, PortalAction action, CancellationToken cancellationToken)
    {
        var view = fleet.Find(environment)?.FindService(cluster, service);
        if (view is null)
        {
            // Said alike for a service that does not exist and one in an environment the caller cannot see.
            await access.AuthorizeAsync(action, environment, service, serviceTags: null, cancellationToken);
            return new ResolvedService(null, null, DeployResult.Refused(DeployProblemKind.NotFound,
                $"There is no service {service} in cluster {cluster} of {environment} that you can see."));
        }

        var decision = await access.AuthorizeAsync(action, environment, service, view.Service.Tags, cancellationToken);
        if (!decision.Allowed)
        {
            return new ResolvedService(null, null, DeployResult.Refused(
                decision.IsInvisible ? DeployProblemKind.NotFound : DeployProblemKind.Forbidden,
                decision.Reason ?? $"You hold no role in {environment} that allows this."));
        }

        var fleetEnvironment = environments.Environments.First(e => string.Equals(e.Name, view.Environment, StringComparison.OrdinalIgnoreCase));
        return new ResolvedService(fleetEnvironment, view, null);
    }

    /// <summary>The image and revision a deploy target means; a problem when the target is not usable for this service.</summary>
    private async Task<(string? Image, string? TaskDefinition, string? Commit, DeployResult? Problem)> ChooseAsync(
        ServiceView service, DeployTarget target, CancellationToken cancellationToken)
    {
        if (target.BuildId is { } buildId)
        {
            var build = await builds.FindAsync(buildId, cancellationToken);
            if (build is null)
            {
                return (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid, $"There is no announced build {buildId}. Pick one of the builds announced for {service.Service.Name}."));
            }

            if (!string.Equals(build.Service, service.Service.Name, StringComparison.Ordinal))
            {
                return (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid, $"Build {build.CommitSha} is a build of {build.Service}, not of {service.Service.Name}."));
            }

            if (!ImageReference.IsValid(build.Image))
            {
                return (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid, $"Build {build.CommitSha} names an image ECS cannot pull: '{build.Image}'."));
            }

            return (build.Image, null, build.CommitSha, null);
        }

        if (target.TaskDefinition is { Length: > 0 } arn)
        {
            var family = service.Service.TaskDefinition.Family;
            if (!arn.Contains(":task-definition/", StringComparison.Ordinal) || TaskDefinitionArns.Family(arn) != family)
            {
                return (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid,
                    $"'{arn}' is not a revision of {family}, the task definition family of {service.Service.Name}."));
            }

            var fleetEnvironment = environments.Environments.First(e => e.Name == service.Environment);
            var revision = await DescribeRevisionAsync(fleetEnvironment, arn, cancellationToken);
            return revision is null || revision.Status != "ACTIVE"
                ? (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid, $"Revision {TaskDefinitionArns.Revision(arn)} of {family} does not exist or is no longer ACTIVE."))
                : (revision.ContainerDefinitions.FirstOrDefault()?.Image ?? "unknown", revision.TaskDefinitionArn, null, null);
        }

        return (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid, "Say what to deploy: an announced build or a revision."));
    }

    private async Task<DeployResult> StartAsync(
        ResolvedService target, string kind, string image, string? taskDefinition, string? commit, string idempotencyKey, string? reason,
        string? confirmation, string? expectedTaskDefinition, string? freezeOverrideReason, CancellationToken cancellationToken, Deployment? stopping = null)
    {
        var environment = target.Environment!;
        var service = target.Service!;
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 128)
        {
            return DeployResult.Refused(DeployProblemKind.Invalid, "An idempotency key of 1 to 128 characters is required, so a retried request makes one deployment.");
        }

        // The publish page's one button is its confirmation: it only ever puts the newest announced
        // build of a tagged site live, and the circuit breaker returns the old one if it fails.
        if (environment.Info.IsProtected && caller.Person is not null && Source != DeploymentSources.Publish)
        {
            if (!string.Equals(confirmation?.Trim(), service.Service.Name, StringComparison.Ordinal))
            {
                return DeployResult.Refused(DeployProblemKind.Invalid, $"{environment.Name} is protected: type the service name, {service.Service.Name}, to confirm.");
            }

            if (string.IsNullOrWhiteSpace(reason))
            {
                return DeployResult.Refused(DeployProblemKind.Invalid, $"{environment.Name} is protected: say why you are deploying.");
            }
        }

        if (await FrozenAsync(environment.Name, freezeOverrideReason, cancellationToken) is { } frozen)
        {
            return frozen;
        }

        var key = idempotencyKey.Trim();
        var now = time.GetUtcNow();
        var (deployment, created) = await ledger.RecordAsync(
            new Deployment
            {
                Id = Guid.CreateVersion7(now),
                Kind = kind,
                Source = caller.Token is not null && Source == DeploymentSources.Ui ? DeploymentSources.Api : Source,
                Actor = _autoWriter is null ? caller.AuditName : AutoActor,
                Environment = environment.Name,
                Cluster = service.Service.Cluster,
                Service = service.Service.Name,
                IdempotencyKey = key,
                FromTaskDefinition = service.Service.TaskDefinition.Arn,
                ToTaskDefinition = taskDefinition,
                Image = image,
                BuildCommit = commit,
                Reason = string.IsNullOrWhiteSpace(freezeOverrideReason) ? reason?.Trim() : $"{reason?.Trim()} (freeze overridden: {freezeOverrideReason.Trim()})",
                Status = DeploymentStatus.Requested,
                RequestedAt = now,
            },
            cancellationToken);
        if (!created)
        {
            return DeployResult.Started(DeploymentRecords.From(deployment));
        }

        if (stopping is not null)
        {
            await StopAsync(stopping, deployment, cancellationToken);
        }

        var refusal = await GuardAsync(environment, service, deployment, expectedTaskDefinition, cancellationToken);
        if (refusal is not null)
        {
            await ledger.DeleteAsync(deployment.Id, cancellationToken);
            metrics.Refused(kind, environment.Name, service.Service.Name);
            return refusal;
        }

        return await HandOverAsync(environment, service, deployment, cancellationToken);
    }

    /// <summary>The guards that need the recorded deployment: the lock, then (holding it) the revision actually running.</summary>
    private async Task<DeployResult?> GuardAsync(FleetEnvironment environment, ServiceView service, Deployment deployment, string? expectedTaskDefinition, CancellationToken cancellationToken)
    {
        var lockKey = ServiceLocks.KeyOf(deployment.Environment, deployment.Cluster, deployment.Service);
        if (await locks.TryAcquireAsync(lockKey, deployment.Id, deployment.Actor, options.Value.LockLifetime, cancellationToken) is { } held)
        {
            var holder = await ledger.FindAsync(held.DeploymentId, cancellationToken);
            return DeployResult.Refused(DeployProblemKind.Conflict, holder is null
                ? $"{deployment.Service} is being deployed by {held.Holder}; try again when it has finished."
                : $"{deployment.Service} is being deployed by {holder.Actor} ({holder.Kind} to {Describe(holder)}, since {holder.RequestedAt:HH:mm} UTC); try again when it has finished.");
        }

        // What ECS runs now, not the snapshot the page showed: the snapshot may be a poll behind.
        var running = await CurrentTaskDefinitionAsync(environment, service, cancellationToken);
        if (expectedTaskDefinition is not null && running is not null && running != expectedTaskDefinition)
        {
            await locks.ReleaseAsync(lockKey, deployment.Id, cancellationToken);
            var latest = (await ledger.OfServiceAsync(deployment.Environment, deployment.Cluster, deployment.Service, 5, cancellationToken))
                .FirstOrDefault(d => d.Id != deployment.Id && d.ToTaskDefinition == running);
            var who = latest is null ? "someone outside the portal" : $"{latest.Actor} at {latest.RequestedAt:HH:mm} UTC";
            return DeployResult.Refused(DeployProblemKind.Conflict,
                $"{deployment.Service} changed since you looked: {who} deployed revision {TaskDefinitionArns.Revision(running)}. Reopen the dialog to see what runs now.");
        }

        if (running is not null && running != deployment.FromTaskDefinition)
        {
            await ledger.UpdateAsync(deployment, d => d.FromTaskDefinition = running, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// Hands the writes to the applier, which carries them out whatever becomes of this request,
    /// and answers with their outcome if it comes within <see cref="DeploymentsOptions.AnswerWithin"/>;
    /// else with the deployment as it stands (Requested), which the follower and open pages follow on.
    /// </summary>
    private async Task<DeployResult> HandOverAsync(FleetEnvironment environment, ServiceView service, Deployment deployment, CancellationToken cancellationToken)
    {
        var (writer, problem) = _autoWriter is { } auto ? (auto, null) : await writeCallers.ForAsync(environment, cancellationToken);
        if (writer is null)
        {
            return await FailAsync(deployment, DeployProblemKind.Forbidden, problem!, cancellationToken);
        }

        var applying = applier.Start(new DeploymentApply(deployment.Id, environment, service, writer, caller.RemoteAddress));
        try
        {
            return await applying.WaitAsync(options.Value.AnswerWithin, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogStillApplying(logger, deployment.Environment, deployment.Service, options.Value.AnswerWithin.TotalSeconds);
            return DeployResult.Started(DeploymentRecords.From(await ledger.FindAsync(deployment.Id, cancellationToken) ?? deployment));
        }
    }

    /// <summary>
    /// The writes of a recorded deployment, run by <see cref="DeploymentApplier"/> in a scope of its
    /// own: register the revision when the image changes, record it as the target, update the service
    /// (never twice blindly), record the rollout. Every refusal frees the lock; an update AWS never
    /// confirmed stays Requested, with its target, for the follower to settle by asking ECS.
    /// </summary>
    public async Task<DeployResult> ApplyAsync(DeploymentApply apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var deployment = await ledger.FindAsync(apply.DeploymentId, cancellationToken)
            ?? throw new InvalidOperationException($"Deployment {apply.DeploymentId} is not in the ledger.");
        string taskDefinition;
        try
        {
            // From what ECS runs now (the guard read it back), not from the snapshot the page showed.
            taskDefinition = deployment.ToTaskDefinition
                ?? await RegisterAsync(apply.Writer, deployment.FromTaskDefinition, deployment.Service, deployment.Image, cancellationToken);
        }
        catch (CloudOutcomeUnknownException unanswered)
        {
            LogCloudRefused(logger, deployment.Environment, deployment.Service, unanswered.Operation, unanswered.Message);
            return await FailAsync(deployment, DeployProblemKind.CloudFailed,
                $"AWS did not answer whether the new revision of {apply.Service.Service.TaskDefinition.Family} was registered ({unanswered.Message}); nothing was deployed; try again.",
                cancellationToken);
        }
        catch (NewRevisionRefusedException refused)
        {
            return await FailAsync(deployment, DeployProblemKind.Invalid, refused.Message, cancellationToken);
        }
        catch (CloudException error)
        {
            return await RefusedByCloudAsync(deployment, error, cancellationToken);
        }

        if (!await RecordTargetAsync(deployment, taskDefinition, cancellationToken))
        {
            return await AsRecordedAsync(deployment.Id, cancellationToken);
        }

        ServiceUpdate update;
        try
        {
            update = await serviceUpdates.UpdateAsync(apply.Writer, apply.Environment.ReadCaller, deployment.Cluster, deployment.Service, taskDefinition, cancellationToken);
        }
        catch (CloudException error)
        {
            return await RefusedByCloudAsync(deployment, error, cancellationToken);
        }

        return await RecordUpdateAsync(deployment, update, apply.RemoteAddress, cancellationToken);
    }

    /// <summary>
    /// The revision about to be set, recorded before the service is touched: a deployment whose
    /// target is unknown was never sent to ECS. False when the row changed meanwhile (another
    /// instance's follower took the deployment for cut off): then nothing is sent.
    /// </summary>
    private async Task<bool> RecordTargetAsync(Deployment deployment, string taskDefinition, CancellationToken cancellationToken)
    {
        var registeredAt = deployment.ToTaskDefinition is null ? time.GetUtcNow() : deployment.RegisteredAt;
        return await ledger.UpdateAsync(deployment, d =>
        {
            d.ToTaskDefinition = taskDefinition;
            d.RegisteredAt = registeredAt;
        }, cancellationToken);
    }

    private async Task<DeployResult> RecordUpdateAsync(Deployment deployment, ServiceUpdate update, string? remoteAddress, CancellationToken cancellationToken)
    {
        if (!await ledger.UpdateAsync(deployment, d =>
            {
                d.UpdatedServiceAt = time.GetUtcNow();
                d.EcsDeploymentId = update.EcsDeploymentId;
                d.Status = update.Confirmed ? DeploymentStatus.InProgress : DeploymentStatus.Requested;
            }, cancellationToken))
        {
            return await AsRecordedAsync(deployment.Id, cancellationToken);
        }

        if (!update.Confirmed)
        {
            LogUnconfirmed(logger, deployment.Environment, deployment.Service, deployment.ToTaskDefinition!);
        }

        await RecordAuditAsync(deployment, remoteAddress, cancellationToken);
        LogStarted(logger, deployment.Kind, deployment.Environment, deployment.Service, deployment.Actor, deployment.ToTaskDefinition!);
        events.Raise(deployment.Id);
        return DeployResult.Started(DeploymentRecords.From(deployment));
    }

    /// <summary>The deployment as the ledger has it, when another instance's follower decided it while this one applied it.</summary>
    private async Task<DeployResult> AsRecordedAsync(Guid id, CancellationToken cancellationToken)
    {
        var recorded = await ledger.FindAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Deployment {id} is not in the ledger.");
        LogDecidedElsewhere(logger, recorded.Environment, recorded.Service, recorded.Status);
        return recorded.Status == DeploymentStatus.Failed
            ? DeployResult.Refused(DeployProblemKind.CloudFailed, recorded.Outcome ?? "The deployment failed.")
            : DeployResult.Started(DeploymentRecords.From(recorded));
    }

    private async Task<DeployResult> RefusedByCloudAsync(Deployment deployment, CloudException error, CancellationToken cancellationToken)
    {
        LogCloudRefused(logger, deployment.Environment, deployment.Service, error.Operation, error.Message);
        var kind = error is CloudAccessDeniedException ? DeployProblemKind.Forbidden : DeployProblemKind.CloudFailed;
        return await FailAsync(deployment, kind, $"AWS refused {error.Operation}: {error.Message}", cancellationToken);
    }

    /// <summary>A revision of the service's family to deploy: its current definition, every member kept, with the new image in the service's container.</summary>
    private async Task<string> RegisterAsync(CloudCaller writer, string current, string service, string image, CancellationToken cancellationToken) =>
        await newRevisions.ForImageAsync(writer, current, service, image, cancellationToken);

    /// <summary>Ends the rollout a rollback replaces, and hands its lock over.</summary>
    private async Task StopAsync(Deployment stopping, Deployment rollback, CancellationToken cancellationToken)
    {
        if (await ledger.UpdateAsync(stopping, d =>
            {
                d.Status = DeploymentStatus.Stopped;
                d.Outcome = $"Stopped by {rollback.Actor}'s rollback.";
                d.FinishedAt = time.GetUtcNow();
            }, cancellationToken))
        {
            await locks.ReleaseAsync(ServiceLocks.KeyOf(stopping.Environment, stopping.Cluster, stopping.Service), stopping.Id, cancellationToken);
            metrics.Finished(stopping.Kind, stopping.Environment, stopping.Service, DeploymentOutcomes.Stopped, time.GetUtcNow() - stopping.RequestedAt);
            events.Raise(stopping.Id);
        }
    }

    private async Task<DeployResult> FailAsync(Deployment deployment, DeployProblemKind kind, string message, CancellationToken cancellationToken)
    {
        await ledger.UpdateAsync(deployment, d =>
        {
            d.Status = DeploymentStatus.Failed;
            d.Outcome = message;
            d.FinishedAt = time.GetUtcNow();
        }, cancellationToken);
        await locks.ReleaseAsync(ServiceLocks.KeyOf(deployment.Environment, deployment.Cluster, deployment.Service), deployment.Id, cancellationToken);
        events.Raise(deployment.Id);
        metrics.Finished(deployment.Kind, deployment.Environment, deployment.Service, DeploymentOutcomes.Failed, time.GetUtcNow() - deployment.RequestedAt);
        return DeployResult.Refused(kind, message);
    }

    private async Task<DeployResult?> FrozenAsync(string environment, string? overrideReason, CancellationToken cancellationToken)
    {
        if (FreezeWindow.InForce(options.Value.FreezeWindows, environment, time.GetUtcNow()) is not { } window)
        {
            return null;
        }

        var mayOverride = (await access.DecideAsync(PortalAction.ManageFreezeWindows, environment, cancellationToken: cancellationToken)).Allowed;
        if (mayOverride && !string.IsNullOrWhiteSpace(overrideReason))
        {
            await audit.RecordAsync(new AuditEntry
            {
                Actor = caller.AuditName,
                Action = "freeze-overridden",
                Environment = environment,
                Detail = $"{window.Reason} (until {window.End:u}): {overrideReason.Trim()}",
                RemoteAddress = caller.RemoteAddress,
            }, cancellationToken);
            return null;
        }

        var how = mayOverride ? " As an administrator you may override it with a reason." : string.Empty;
        return DeployResult.Refused(DeployProblemKind.Frozen, $"{environment} is frozen until {window.End:yyyy-MM-dd HH:mm} UTC: {window.Reason}.{how}");
    }

    private async Task<string?> CurrentTaskDefinitionAsync(FleetEnvironment environment, ServiceView service, CancellationToken cancellationToken)
    {
        try
        {
            var described = await ecs.DescribeServicesAsync(environment.ReadCaller, new DescribeServicesRequest(service.Service.Cluster, [service.Service.Name]), cancellationToken);
            return described.Services.FirstOrDefault()?.TaskDefinition;
        }
        catch (CloudException)
        {
            // The snapshot is then the best knowledge; the update itself will fail loudly if ECS is unreachable.
            return null;
        }
    }

    private async Task<EcsTaskDefinition?> DescribeRevisionAsync(FleetEnvironment environment, string arn, CancellationToken cancellationToken)
    {
        try
        {
            return (await ecs.DescribeTaskDefinitionAsync(environment.ReadCaller, new DescribeTaskDefinitionRequest(arn), cancellationToken)).TaskDefinition;
        }
        catch (CloudValidationException)
        {
            return null;
        }
    }

    private async Task RecordAuditAsync(Deployment deployment, string? remoteAddress, CancellationToken cancellationToken) =>
        await audit.RecordAsync(new AuditEntry
        {
            Actor = deployment.Actor,
            Action = deployment.Kind == DeploymentKinds.Rollback ? "rollback-started" : "deploy-started",
            Environment = deployment.Environment,
            Target = deployment.Service,
            Detail = $"{TaskDefinitionArns.Revision(deployment.FromTaskDefinition)} → {Describe(deployment)}; {deployment.Reason}",
            RemoteAddress = remoteAddress,
        }, cancellationToken);

    private static string Describe(Deployment deployment) =>
        deployment.ToTaskDefinition is { } to ? $"revision {TaskDefinitionArns.Revision(to)}" : deployment.Image;

    private sealed record ResolvedService(FleetEnvironment? Environment, ServiceView? Service, DeployResult? Problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} of {Environment}/{Service} by {Actor} started: {TaskDefinition}")]
    private static partial void LogStarted(ILogger logger, string kind, string environment, string service, string actor, string taskDefinition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deploy of {Environment}/{Service}: AWS refused {Operation}: {Message}")]
    private static partial void LogCloudRefused(ILogger logger, string environment, string service, string operation, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deploy of {Environment}/{Service} still being applied after {Seconds} s; answered with the deployment as it stands")]
    private static partial void LogStillApplying(ILogger logger, string environment, string service, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deploy of {Environment}/{Service}: AWS did not confirm the update to {TaskDefinition}; the follower asks ECS whether it took effect")]
    private static partial void LogUnconfirmed(ILogger logger, string environment, string service, string taskDefinition);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deploy of {Environment}/{Service} was decided elsewhere while it was applied: {Status}")]
    private static partial void LogDecidedElsewhere(ILogger logger, string environment, string service, DeploymentStatus status);
}
