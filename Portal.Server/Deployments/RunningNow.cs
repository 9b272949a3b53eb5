using Portal.Server.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// What a service runs now, as best known without asking ECS: the revision of the newest deployment
/// when it completed after the fleet snapshot was read (the snapshot is then a poll behind), else
/// the snapshot's. So a page never says "live" beside the old version, nor offers the old one back.
/// </summary>
public static class RunningNow
{
    /// <param name="history">The service's deployments, newest first.</param>
    public static RunningRevision Of(ServiceView service, IReadOnlyList<Deployment> history, DateTimeOffset? snapshotReadAt)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(history);
        var newest = history.FirstOrDefault(d => d.IsFinished);
        return newest is { Status: DeploymentStatus.Completed, ToTaskDefinition: { } arn } && newest.FinishedAt > snapshotReadAt
            ? new RunningRevision(arn, newest.Image)
            : new RunningRevision(service.Service.TaskDefinition.Arn, service.Service.TaskDefinition.Image);
    }
}

public sealed record RunningRevision(string TaskDefinition, string Image);
