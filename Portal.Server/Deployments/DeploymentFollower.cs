using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;
using Portal.Server.Instances;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// Follows every deployment in flight to its end, from the ledger rather than from memory: after a
/// restart, or on another instance, the same deployments are picked up again. Each round reads the
/// service back from ECS under the portal's read role, records completed, failed or rolled back
/// (the circuit breaker), frees the service's lock and tells open pages. With several instances
/// each deployment is followed by the holder of its environment's lease only.
/// </summary>
public sealed partial class DeploymentFollower(
    DeploymentLedger ledger,
    ServiceLocks locks,
    IEcs ecs,
    IEnvironmentCatalog environments,
    DeploymentEvents events,
    AuditLog audit,
    DeploymentMetrics metrics,
    IOptions<DeploymentsOptions> options,
    TimeProvider time,
    ILogger<DeploymentFollower> logger,
    DeploymentApplier applier,
    FleetStore fleet,
    IInstanceLeases leases) : BackgroundService
{
    /// <summary>
    /// A deployment still Requested this long after it was asked for (or after an update AWS never
    /// confirmed), and not being applied here, was cut off: ECS decides whether it took effect.
    /// </summary>
    public static readonly TimeSpan InterruptedAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long ECS may take to list a deployment it started (its reads are eventually consistent).
    /// Until then a deployment it does not list is asked about again, never ended for its absence.
    /// </summary>
    public static readonly TimeSpan ListedWithin = TimeSpan.FromSeconds(30);

    /// <summary>How much earlier than the portal's request ECS's clock may date the rollout it started for it.</summary>
    private static readonly TimeSpan ClockLeeway = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FollowInterval, time);
        do
        {
            try
            {
                await FollowOnceAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One bad round (the database restarting) must not end following for good.
                LogRoundFailed(logger, error.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round over every deployment in flight.</summary>
    public async Task FollowOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var deployment in await ledger.InFlightAsync(cancellationToken))
        {
            var environment = environments.Environments.FirstOrDefault(e => e.Name == deployment.Environment);
            if (environment is null || !leases.Holds(LeaseKeys.Environment(environment.Name)))
            {
                continue;
            }

            try
            {
                await FollowAsync(environment, deployment, cancellationToken);
            }
            catch (CloudException error)
            {
                // ECS unreachable for a moment: the next round tries again; the lock is kept alive meanwhile.
                LogReadFailed(logger, deployment.Environment, deployment.Service, error.Message);
                await ExtendLockAsync(deployment, cancellationToken);
            }
        }
    }

    private async Task FollowAsync(FleetEnvironment environment, Deployment deployment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (deployment.Status == DeploymentStatus.Requested)
        {
            await SettleRequestedAsync(environment, deployment, now, cancellationToken);
            return;
        }

        var service = await DescribeAsync(environment, deployment, cancellationToken);
        if (service is null)
        {
            await FinishAsync(deployment, DeploymentStatus.Failed, "The service no longer exists in ECS.", cancellationToken);
            return;
        }

        // What was read goes to every open page of the service, not only to the judgement below.
        fleet.ReplaceService(environment.Name, deployment.Cluster, deployment.Service, known => FollowedService.Update(known, service, now));

        var rollout = service.Deployments.FirstOrDefault(d => d.Id == deployment.EcsDeploymentId);
        var (status, outcome) = Judge(deployment, service, rollout);
        if (status is { } finished)
        {
            await FinishAsync(deployment, finished, outcome!, cancellationToken);
        }
        else if (rollout is null && service.TaskDefinition != deployment.ToTaskDefinition
                 && deployment.UpdatedServiceAt is { } updated && now - updated > ListedWithin)
        {
            // Not a moment's absence: ECS has had time to list it, lists nothing newer, and runs another revision.
            await FinishAsync(deployment, DeploymentStatus.Stopped,
                $"ECS does not list deployment {deployment.EcsDeploymentId} {ListedWithin.TotalSeconds:0} seconds after the update, and the service runs revision {TaskDefinitionArns.Revision(service.TaskDefinition)}: the rollout is not running.",
                cancellationToken);
        }
        else if (deployment.UpdatedServiceAt is { } started && now - started > options.Value.GiveUpAfter)
        {
            await FinishAsync(deployment, DeploymentStatus.Failed, $"ECS had not finished the rollout after {options.Value.GiveUpAfter.TotalMinutes:0} minutes; the portal stopped following it.", cancellationToken);
        }
        else
        {
            await ExtendLockAsync(deployment, cancellationToken);
            events.Raise(deployment.Id);
        }
    }

    /// <summary>
    /// A deployment not yet seen rolling out. While this process applies it, it is left alone; so
    /// is a fresh one. An update AWS never confirmed is settled at once, a deployment cut off (crash,
    /// restart) after <see cref="InterruptedAfter"/>: its target never recorded means ECS was never
    /// asked; otherwise UpdateService may have been sent, and ECS says whether the service moved.
    /// </summary>
    private async Task SettleRequestedAsync(FleetEnvironment environment, Deployment deployment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (applier.IsApplying(deployment.Id))
        {
            await ExtendLockAsync(deployment, cancellationToken);
            return;
        }

        // Fresh and never sent: still behind its guards here, or being applied by another instance.
        var cutOff = now - (deployment.UpdatedServiceAt ?? deployment.RequestedAt) > InterruptedAfter;
        if (deployment.UpdatedServiceAt is null && !cutOff)
        {
            return;
        }

        if (deployment.ToTaskDefinition is not { } target)
        {
            if (cutOff)
            {
                await FinishAsync(deployment, DeploymentStatus.Failed, "The portal stopped before it updated the service; ECS was not asked to deploy.", cancellationToken);
            }

            return;
        }

        var service = await DescribeAsync(environment, deployment, cancellationToken);
        if (service is null)
        {
            await FinishAsync(deployment, DeploymentStatus.Failed, "The service no longer exists in ECS.", cancellationToken);
        }
        else if (RolloutFor(deployment, service, target) is { } rollout)
        {
            await FollowFoundAsync(deployment, rollout, cancellationToken);
        }
        else if (cutOff)
        {
            await FinishAsync(deployment, DeploymentStatus.Failed,
                $"The update of the service was never confirmed, and ECS lists no deployment of revision {TaskDefinitionArns.Revision(target)}: it was not deployed. The service runs revision {TaskDefinitionArns.Revision(service.TaskDefinition)}.",
                cancellationToken, tookEffect: false);
        }
        else
        {
            await ExtendLockAsync(deployment, cancellationToken);
        }
    }

    /// <summary>
    /// ECS's rollout of the deployment's target: the one the service is set to, else one of that
    /// revision ECS started since the deployment was asked for (its circuit breaker may already
    /// have returned the service to the revision before).
    /// </summary>
    private static EcsDeployment? RolloutFor(Deployment deployment, EcsService service, string target) =>
        ServiceUpdates.RolloutTo(service, target)
        ?? service.Deployments.FirstOrDefault(d => d.TaskDefinition == target && d.CreatedAt >= deployment.RequestedAt - ClockLeeway);

    /// <summary>The update took effect after all: the deployment is in progress from ECS's own start, and the next round judges it.</summary>
    private async Task FollowFoundAsync(Deployment deployment, EcsDeployment rollout, CancellationToken cancellationToken)
    {
        if (await ledger.UpdateAsync(deployment, d =>
            {
                d.Status = DeploymentStatus.InProgress;
                d.EcsDeploymentId = rollout.Id;
                d.UpdatedServiceAt ??= rollout.CreatedAt;
            }, cancellationToken))
        {
            await ExtendLockAsync(deployment, cancellationToken);
            LogFound(logger, deployment.Environment, deployment.Service, rollout.Id);
            events.Raise(deployment.Id);
        }
    }

    private async Task<EcsService?> DescribeAsync(FleetEnvironment environment, Deployment deployment, CancellationToken cancellationToken) =>
        (await ecs.DescribeServicesAsync(environment.ReadCaller, new DescribeServicesRequest(deployment.Cluster, [deployment.Service]), cancellationToken))
            .Services.FirstOrDefault();

    /// <summary>How the rollout stands, from what ECS reports: finished (with the words for it) or not yet (null).</summary>
    public static (DeploymentStatus? Status, string? Outcome) Judge(Deployment deployment, EcsService service, EcsDeployment? rollout)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(service);
        if (rollout is not null)
        {
            return rollout.RolloutState switch
            {
                "COMPLETED" => (DeploymentStatus.Completed, rollout.RolloutStateReason ?? "Completed."),
                "FAILED" when service.TaskDefinition != deployment.ToTaskDefinition =>
                    (DeploymentStatus.RolledBack, $"{rollout.RolloutStateReason ?? "The rollout failed."} ECS returned the service to revision {TaskDefinitionArns.Revision(service.TaskDefinition)}."),
                "FAILED" => (DeploymentStatus.Failed, rollout.RolloutStateReason ?? "The rollout failed."),
                _ => (null, null),
            };
        }

        // ECS does not list the deployment: it finished and was replaced, or ECS does not list it
        // yet (an answer given right after UpdateService may predate it).
        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        if (service.TaskDefinition == deployment.ToTaskDefinition)
        {
            return primary?.RolloutState == "COMPLETED" ? (DeploymentStatus.Completed, "Completed.") : (null, null);
        }

        // Gone between two looks: ECS's events say whether its circuit breaker failed it, as in
        // "(service x) (deployment ecs-svc/123) deployment failed: tasks failed to start."
        var failure = service.Events.FirstOrDefault(e =>
            e.Message.Contains($"(deployment {deployment.EcsDeploymentId}) deployment failed", StringComparison.Ordinal));
        if (failure is not null)
        {
            return (DeploymentStatus.RolledBack, $"ECS deployment circuit breaker: {failure.Message[(failure.Message.IndexOf("deployment failed", StringComparison.Ordinal) + 18)..].Trim()} ECS returned the service to revision {TaskDefinitionArns.Revision(service.TaskDefinition)}.");
        }

        // Replaced only when ECS shows what replaced it: a deployment it started after this one
        // was asked for. Otherwise ECS may not list it yet, and the follower asks again (for
        // ListedWithin); an end is never read from a moment's absence.
        return ReplacementOf(deployment, service) is not null
            ? (DeploymentStatus.Stopped, $"Replaced by another deployment; the service now runs revision {TaskDefinitionArns.Revision(service.TaskDefinition)}.")
            : (null, null);
    }

    private static EcsDeployment? ReplacementOf(Deployment deployment, EcsService service) =>
        service.Deployments.FirstOrDefault(d => d.Id != deployment.EcsDeploymentId && d.CreatedAt > deployment.RequestedAt);

    /// <param name="tookEffect">False when ECS never ran the update: the deployment then names no moment the service was updated.</param>
    private async Task FinishAsync(Deployment deployment, DeploymentStatus status, string outcome, CancellationToken cancellationToken, bool tookEffect = true)
    {
        var now = time.GetUtcNow();
        if (!await ledger.UpdateAsync(deployment, d =>
            {
                d.Status = status;
                d.Outcome = outcome;
                d.FinishedAt = now;
                d.UpdatedServiceAt = tookEffect ? d.UpdatedServiceAt : null;
            }, cancellationToken))
        {
            return;  // Another instance recorded the end first.
        }

        await locks.ReleaseAsync(ServiceLocks.KeyOf(deployment.Environment, deployment.Cluster, deployment.Service), deployment.Id, cancellationToken);
        await audit.RecordAsync(new AuditEntry
        {
            Actor = deployment.Actor,
            Action = deployment.Kind == DeploymentKinds.Rollback ? "rollback-finished" : "deploy-finished",
            Environment = deployment.Environment,
            Target = deployment.Service,
            Detail = $"{status}: {outcome}",
        }, cancellationToken);
        metrics.Finished(deployment.Kind, deployment.Environment, deployment.Service, OutcomeOf(status), now - (deployment.UpdatedServiceAt ?? deployment.RequestedAt));
        LogFinished(logger, deployment.Kind, deployment.Environment, deployment.Service, status, outcome);
        events.Raise(deployment.Id);
    }

    private static string OutcomeOf(DeploymentStatus status) => status switch
    {
        DeploymentStatus.Completed => DeploymentOutcomes.Completed,
        DeploymentStatus.RolledBack => DeploymentOutcomes.RolledBack,
        DeploymentStatus.Stopped => DeploymentOutcomes.Stopped,
        _ => DeploymentOutcomes.Failed,
    };

    private Task ExtendLockAsync(Deployment deployment, CancellationToken cancellationToken) =>
        locks.ExtendAsync(ServiceLocks.KeyOf(deployment.Environment, deployment.Cluster, deployment.Service), deployment.Id, options.Value.LockLifetime, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} of {Environment}/{Service} ended {Status}: {Outcome}")]
    private static partial void LogFinished(ILogger logger, string kind, string environment, string service, DeploymentStatus status, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Environment}/{Service}: ECS runs the unconfirmed update after all, as deployment {EcsDeploymentId}; following it")]
    private static partial void LogFound(ILogger logger, string environment, string service, string ecsDeploymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Following {Environment}/{Service}: ECS could not be read ({Message}); trying again")]
    private static partial void LogReadFailed(ILogger logger, string environment, string service, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "A round of following deployments failed: {Message}")]
    private static partial void LogRoundFailed(ILogger logger, string message);
}
