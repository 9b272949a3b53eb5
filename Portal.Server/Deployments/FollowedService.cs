using Portal.Server.Cloud.Ecs;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Server.Deployments;

/// <summary>
/// The follower's read of a service mid-rollout, laid over what the poller last read of it: counts,
/// deployments with their rollout states and events move every follow round, so every open page of
/// the service shows tasks starting, turning healthy and draining; alarms, metrics, tags and the task
/// definition's summary stay the poller's until its next refresh (it describes new revisions).
/// </summary>
public static class FollowedService
{
    public static ServiceSnapshot Update(ServiceSnapshot known, EcsService read, DateTimeOffset readAt)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(read);
        var updated = known with
        {
            Status = read.Status,
            DesiredCount = read.DesiredCount,
            RunningCount = read.RunningCount,
            PendingCount = read.PendingCount,
            TaskDefinition = read.TaskDefinition == known.TaskDefinition.Arn ? known.TaskDefinition : TaskDefinitionSummary.Unknown(read.TaskDefinition),
            Deployments = [.. read.Deployments.Select(ToDeployment)],
            Events = [.. read.Events
                .Select(e => new ServiceEventRecord(e.Id, e.CreatedAt, e.Message, ServiceEventClassifier.Classify(e.Message)))
                .OrderByDescending(e => e.CreatedAt)],
            ReadAt = readAt,
        };
        return updated with
        {
            BelowDesiredSince = ShortfallSince.BelowDesired(updated, known.BelowDesiredSince, readAt),
            PendingSince = ShortfallSince.Pending(updated, known.PendingSince, readAt),
        };
    }

    // As the poller maps them: the two must agree, or a page would flicker between reads.
    private static DeploymentSnapshot ToDeployment(EcsDeployment deployment) => new(
        deployment.Id,
        deployment.Status,
        deployment.TaskDefinition,
        deployment.DesiredCount,
        deployment.RunningCount,
        deployment.PendingCount,
        deployment.FailedTasks,
        deployment.RolloutState switch
        {
            "IN_PROGRESS" => RolloutState.InProgress,
            "COMPLETED" => RolloutState.Completed,
            "FAILED" => RolloutState.Failed,
            _ => RolloutState.Unknown,
        },
        deployment.RolloutStateReason,
        deployment.CreatedAt,
        deployment.UpdatedAt);
}
