using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// Points a service at a revision without ever sending UpdateService twice blindly. When AWS's
/// answer never comes, ECS is asked under the read role whether the service already moved; only
/// when it has not is the update sent once more. When ECS cannot be asked, the update is left
/// unconfirmed for the follower to settle by asking ECS later.
/// </summary>
public sealed partial class ServiceUpdates(IEcs ecs, ILogger<ServiceUpdates> logger)
{
    /// <summary>Sends the update; AWS's own refusals (access denied, invalid revision) are thrown as they come.</summary>
    public async Task<ServiceUpdate> UpdateAsync(CloudCaller writer, CloudCaller reader, string cluster, string service, string taskDefinition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var request = new UpdateServiceRequest(cluster, service, taskDefinition);
        if (await TrySendAsync(writer, request, cancellationToken) is { } answered)
        {
            return answered;
        }

        var look = await LookAsync(reader, request, cancellationToken);
        if (look is not { Moved: false, Asked: true })
        {
            return look.Update;
        }

        LogSendingAgain(logger, cluster, service, TaskDefinitionArns.Revision(taskDefinition));
        if (await TrySendAsync(writer, request, cancellationToken) is { } again)
        {
            return again;
        }

        return (await LookAsync(reader, request, cancellationToken)).Update;
    }

    /// <summary>
    /// The rollout ECS runs toward the revision: the service is set to it and its PRIMARY
    /// deployment is of it. Null when the service does not run that revision.
    /// </summary>
    public static EcsDeployment? RolloutTo(EcsService service, string taskDefinition)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.TaskDefinition == taskDefinition
            ? service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY" && d.TaskDefinition == taskDefinition)
            : null;
    }

    /// <summary>ECS's answer, or null when the answer never came (AWS may or may not have carried the update out).</summary>
    private async Task<ServiceUpdate?> TrySendAsync(CloudCaller writer, UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var updated = await ecs.UpdateServiceAsync(writer, request, cancellationToken);
            return ServiceUpdate.Sent(updated.Service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY")?.Id);
        }
        catch (CloudOutcomeUnknownException unanswered)
        {
            LogUnanswered(logger, request.Cluster, request.Service, unanswered.Message);
            return null;
        }
    }

    private async Task<Look> LookAsync(CloudCaller reader, UpdateServiceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var described = await ecs.DescribeServicesAsync(reader, new DescribeServicesRequest(request.Cluster, [request.Service]), cancellationToken);
            var rollout = described.Services.FirstOrDefault() is { } service ? RolloutTo(service, request.TaskDefinition!) : null;
            return rollout is null ? new Look(Asked: true, Moved: false, ServiceUpdate.Unconfirmed) : new Look(Asked: true, Moved: true, ServiceUpdate.Sent(rollout.Id));
        }
        catch (CloudException unreadable)
        {
            LogUnreadable(logger, request.Cluster, request.Service, unreadable.Message);
            return new Look(Asked: false, Moved: false, ServiceUpdate.Unconfirmed);
        }
    }

    private sealed record Look(bool Asked, bool Moved, ServiceUpdate Update);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UpdateService of {Cluster}/{Service} went unanswered ({Message}); asking ECS whether the service moved")]
    private static partial void LogUnanswered(ILogger logger, string cluster, string service, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster}/{Service} does not run revision {Revision} after an unanswered UpdateService; sending it once more")]
    private static partial void LogSendingAgain(ILogger logger, string cluster, string service, int revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster}/{Service} could not be read after an unanswered UpdateService ({Message}); the follower settles it later")]
    private static partial void LogUnreadable(ILogger logger, string cluster, string service, string message);
}

/// <summary>How an update of the service went: ECS confirmed it (with its deployment's id, if it named one), or no one knows yet.</summary>
public sealed record ServiceUpdate(bool Confirmed, string? EcsDeploymentId)
{
    public static ServiceUpdate Unconfirmed { get; } = new(false, null);

    public static ServiceUpdate Sent(string? ecsDeploymentId) => new(true, ecsDeploymentId);
}
