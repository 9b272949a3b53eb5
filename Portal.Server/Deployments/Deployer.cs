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
    /// <summary>
    /// Deploys an announced build because auto-deploy is on for the service there and the announcing
    /// token may deploy it there (<see cref="AutoDeploys"/> checks): with the environment's deployer role,
    /// recorded as source auto and as caused by the announcer, behind the same guards except the
    /// caller's capability (checked when the switch was set). One deployment per build and environment.
    /// </summary>
    public async Task<DeployResult> AutoDeployAsync(ServiceView service, AnnouncedBuild build, string announcer, CancellationToken cancellationToken)
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

        var origin = DeployOrigin.Auto(new CloudCaller(environment.Info.AccountId, environment.Info.Region, role, "portal-auto-deploy"), announcer);
        var target = DeployTarget.Build(build.Id);
        return await StartAsync(
            new ResolvedService(environment, service, null), origin, DeploymentKinds.Deploy, build.Image, taskDefinition: null, build.CommitSha,
            new KeyedRequest($"auto-{build.Id:N}-{environment.Name}", Fingerprint(DeploymentKinds.Deploy, service, target, null)),
            $"Auto-deploy of build {build.CommitSha}", confirmation: null, expectedTaskDefinition: null, freezeOverrideReason: null, cancellationToken);
    }

    /// <param name="action">Deploy, or Publish for the publish page (allowed to publishers, only for services tagged publishable).</param>
    /// <param name="origin">Where this one call comes from; nothing of it outlives the call.</param>
    public async Task<DeployResult> DeployAsync(DeployCommand command, DeployOrigin origin, CancellationToken cancellationToken, PortalAction action = PortalAction.Deploy)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(origin);
        var target = await ResolveAsync(command.Environment, command.Cluster, command.Service, action, cancellationToken);
        if (target.Problem is { } refused)
        {
            return refused;
        }

        var (image, taskDefinition, commit, invalid) = await ChooseAsync(target.Service!, command.Target, cancellationToken);
        return invalid ?? await StartAsync(
            target, origin, DeploymentKinds.Deploy, image!, taskDefinition, commit,
            new KeyedRequest(command.IdempotencyKey, Fingerprint(DeploymentKinds.Deploy, target.Service!, command.Target, command.ExpectedTaskDefinition)),
            command.Reason, command.Confirmation, command.ExpectedTaskDefinition, command.FreezeOverrideReason, cancellationToken);
    }

    public async Task<DeployResult> RollbackAsync(RollbackCommand command, DeployOrigin origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(origin);
        var target = await ResolveAsync(command.Environment, command.Cluster, command.Service, PortalAction.Rollback, cancellationToken);
        if (target.Problem is { } refused)
        {
            return refused;
        }

        var service = target.Service!;

        // What ECS runs now, not the snapshot: the snapshot may be a poll behind the deploy being undone.
        var lineage = await LineageAsync(service, await CurrentTaskDefinitionAsync(target.Environment!, service, cancellationToken), cancellationToken);
        if (command.TaskDefinition is { Length: > 0 } chosen
            && DeployGuards.RollbackChoice(service.Service.Name, chosen, lineage.Leaving, lineage.Candidates) is { } notATarget)
        {
            return DeployResult.Refused(DeployProblemKind.Invalid, notATarget);
        }

        var rollback = command.TaskDefinition is { Length: > 0 } picked
            ? lineage.Candidates.First(c => c.TaskDefinition == picked)
            : lineage.Candidates.FirstOrDefault();
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
                $"Revision {TaskDefinitionArns.Revision(rollback.TaskDefinition)} of {TaskDefinitionArns.Family(rollback.TaskDefinition)} is no longer ACTIVE (deregistered?), so it cannot be rolled back to. Deploy another revision instead.");
        }

        var to = command.TaskDefinition is { Length: > 0 } ? DeployTarget.Revision(rollback.TaskDefinition) : null;
        return await StartAsync(
            target, origin, DeploymentKinds.Rollback, ServiceContainers.ShownFor(revision, service.Service.Name)?.Image ?? rollback.Image ?? "unknown", rollback.TaskDefinition, commit: rollback.Commit,
            new KeyedRequest(command.IdempotencyKey, Fingerprint(DeploymentKinds.Rollback, service, to, expectedTaskDefinition: null)), command.Reason, command.Confirmation, expectedTaskDefinition: null, command.FreezeOverrideReason, cancellationToken, stopping: lineage.InFlight);
    }

    /// <summary>The revision a rollback returns to by default: the one that ran before the one being left (<see cref="RevisionLineage"/>).</summary>
    public async Task<RollbackTarget?> RollbackTargetAsync(ServiceView service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var lineage = await LineageAsync(service, running: null, cancellationToken);
        return lineage.Candidates.Count == 0 ? null : RollbackTarget.From(lineage.Candidates[0]);
    }

    /// <summary>
    /// The revisions a rollback of the service may return to, newest first, and the revision being left:
    /// what a rollout in progress goes to, else what ECS runs (<paramref name="running"/>, when asked),
    /// else the newest completed deployment's revision when it finished after the snapshot was read, else the snapshot's.
    /// A rollout in progress is stopped and its service returned to the revision it started from.
    /// </summary>
    public async Task<RollbackLineage> LineageAsync(ServiceView service, string? running, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var history = await ledger.OfServiceAsync(service.Environment, service.Service.Cluster, service.Service.Name, 200, cancellationToken);
        var inFlight = history.FirstOrDefault(d => d.Status == DeploymentStatus.InProgress);
        var leaving = inFlight?.ToTaskDefinition
            ?? running
            ?? RunningNow.Of(service, history, fleet.Find(service.Environment)?.Freshness.RefreshedAt).TaskDefinition;
        var candidates = RevisionLineage.Before(
            history.Where(d => d.Status == DeploymentStatus.Completed && d.FinishedAt is not null)
                .Select(d => new LineageStep(d.Kind, d.FromTaskDefinition, d.ToTaskDefinition, d.Image, d.BuildCommit, d.Actor, d.FinishedAt!.Value)),
            leaving).ToList();
        if (inFlight is not null && candidates.FirstOrDefault()?.TaskDefinition != inFlight.FromTaskDefinition)
        {
            var before = candidates.Find(c => c.TaskDefinition == inFlight.FromTaskDefinition) ?? new RanRevision(inFlight.FromTaskDefinition, null, null, null, null, inFlight.RequestedAt);
            candidates.Remove(before);
            candidates.Insert(0, before);
        }

        return new RollbackLineage(leaving, candidates, inFlight);
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
                : (ServiceContainers.ShownFor(revision, service.Service.Name)?.Image ?? "unknown", revision.TaskDefinitionArn, null, null);
        }

        return (null, null, null, DeployResult.Refused(DeployProblemKind.Invalid, "Say what to deploy: an announced build or a revision."));
    }

    private async Task<DeployResult> StartAsync(
        ResolvedService target, DeployOrigin origin, string kind, string image, string? taskDefinition, string? commit, KeyedRequest keyed, string? reason,
        string? confirmation, string? expectedTaskDefinition, string? freezeOverrideReason, CancellationToken cancellationToken, Deployment? stopping = null)
    {
        var environment = target.Environment!;
        var service = target.Service!;
        if (DeployGuards.IdempotencyKeyProblem(keyed.Key) is { } badKey)
        {
            return DeployResult.Refused(DeployProblemKind.Invalid, badKey);
        }

        if (DeployGuards.ReasonTooLong(reason, freezeOverrideReason) is { } tooLong)
        {
            return DeployResult.Refused(DeployProblemKind.Invalid, tooLong);
        }

        if (DeployGuards.ProtectedConfirmation(
                environment.Info.IsProtected, byPerson: (origin.Writer is null || origin.ForPerson) && caller.Person is not null, origin.ConfirmationWaived,
                environment.Name, service.Service.Name, confirmation, reason) is { } unconfirmed)
        {
            return DeployResult.Refused(DeployProblemKind.Invalid, unconfirmed);
        }

        if (await FrozenAsync(environment.Name, freezeOverrideReason, cancellationToken) is { } frozen)
        {
            return frozen;
        }

        var now = time.GetUtcNow();
        var (deployment, decision) = await ledger.RecordAsync(
            new Deployment
            {
                Id = Guid.CreateVersion7(now),
                Kind = kind,
                Source = caller.Token is not null && origin.Source == DeploymentSources.Ui ? DeploymentSources.Api : origin.Source,
                Actor = origin.Actor ?? caller.AuditName,
                Environment = environment.Name,
                Cluster = service.Service.Cluster,
                Service = service.Service.Name,
                IdempotencyKey = keyed.Key.Trim(),
                RequestFingerprint = keyed.Fingerprint,
                FromTaskDefinition = service.Service.TaskDefinition.Arn,
                ToTaskDefinition = taskDefinition,
                Image = image,
                BuildCommit = commit,
                Reason = string.IsNullOrWhiteSpace(freezeOverrideReason) ? reason?.Trim() : DeployGuards.WithFreezeOverride(reason, freezeOverrideReason),
                Status = DeploymentStatus.Requested,
                RequestedAt = now,
            },
            now,
            cancellationToken);
        if (decision == IdempotencyDecision.Conflict)
        {
            metrics.Refused(kind, environment.Name, service.Service.Name);
            return DeployResult.Refused(DeployProblemKind.KeyReused, DeployGuards.KeyConflict(keyed.Key.Trim(), deployment.RequestFingerprint, keyed.Fingerprint));
        }

        if (decision == IdempotencyDecision.Replay)
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

        return await HandOverAsync(environment, service, deployment, origin, cancellationToken);
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
    private async Task<DeployResult> HandOverAsync(FleetEnvironment environment, ServiceView service, Deployment deployment, DeployOrigin origin, CancellationToken cancellationToken)
    {
        var (writer, problem) = origin.Writer is { } own ? (own, null) : origin.NoWriter is { } none ? (null, none) : await writeCallers.ForAsync(environment, cancellationToken);
        if (writer is null)
        {
            return await ForgetAsync(deployment, DeployProblemKind.Forbidden, problem!, cancellationToken);
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
            // Refused before anything was written: like a guard's refusal, it never happened.
            return await ForgetAsync(deployment, DeployProblemKind.Invalid, refused.Message, cancellationToken);
        }
        catch (CloudException error)
        {
            LogCloudRefused(logger, deployment.Environment, deployment.Service, error.Operation, error.Message);
            return await ForgetAsync(deployment, KindOf(error), $"AWS refused {error.Operation}: {error.Message}; nothing was deployed.", cancellationToken);
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
        return await FailAsync(deployment, KindOf(error), $"AWS refused {error.Operation}: {error.Message}", cancellationToken);
    }

    private static DeployProblemKind KindOf(CloudException error) =>
        error is CloudAccessDeniedException ? DeployProblemKind.Forbidden : DeployProblemKind.CloudFailed;

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

    /// <summary>
    /// Forgets a deployment refused before any write reached AWS, as a guard's refusal does: no row
    /// is left to read as a failure, in the history or the delivery figures. The lock is freed.
    /// </summary>
    private async Task<DeployResult> ForgetAsync(Deployment deployment, DeployProblemKind kind, string message, CancellationToken cancellationToken)
    {
        await ledger.DeleteAsync(deployment.Id, cancellationToken);
        await locks.ReleaseAsync(ServiceLocks.KeyOf(deployment.Environment, deployment.Cluster, deployment.Service), deployment.Id, cancellationToken);
        events.Raise(deployment.Id);
        metrics.Refused(deployment.Kind, deployment.Environment, deployment.Service);
        return DeployResult.Refused(kind, message);
    }

    private static string Fingerprint(string kind, ServiceView service, DeployTarget? target, string? expectedTaskDefinition) =>
        DeployGuards.Fingerprint(kind, service.Environment, service.Service.Cluster, service.Service.Name, target, expectedTaskDefinition);

    private async Task<DeployResult?> FrozenAsync(string environment, string? overrideReason, CancellationToken cancellationToken)
    {
        if (FreezeWindow.InForce(options.Value.FreezeWindows, environment, time.GetUtcNow()) is not { } window)
        {
            return null;
        }

        var mayOverride = (await access.DecideAsync(PortalAction.ManageFreezeWindows, environment, cancellationToken: cancellationToken)).Allowed;
        var decision = DeployGuards.Freeze(window, environment, mayOverride, overrideReason);
        if (decision.Overrode)
        {
            await audit.RecordAsync(new AuditEntry
            {
                Actor = caller.AuditName,
                Action = "freeze-overridden",
                Environment = environment,
                Detail = $"{window.Reason} (until {window.End:u}): {overrideReason!.Trim()}",
                RemoteAddress = caller.RemoteAddress,
            }, cancellationToken);
        }

        return decision.Refusal is { } refusal ? DeployResult.Refused(DeployProblemKind.Frozen, refusal) : null;
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

    /// <summary>An idempotency key and the fingerprint of the request it was sent with.</summary>
    private sealed record KeyedRequest(string Key, string Fingerprint);

    /// <summary>The revision a rollback leaves, the ones it may return to (newest first) and the rollout it would stop.</summary>
    public sealed record RollbackLineage(string Leaving, IReadOnlyList<RanRevision> Candidates, Deployment? InFlight);

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
