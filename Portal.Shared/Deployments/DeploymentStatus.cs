namespace Portal.Shared.Deployments;

/// <summary>Where a deployment is. Stored by name.</summary>
public enum DeploymentStatus
{
    /// <summary>Accepted; nothing changed in the cloud yet.</summary>
    Requested,

    /// <summary>The service was updated; ECS is rolling out.</summary>
    InProgress,
    Completed,
    Failed,

    /// <summary>ECS's circuit breaker returned the service to the previous revision.</summary>
    RolledBack,

    /// <summary>Stopped on purpose (a rollback while it was in progress).</summary>
    Stopped,
}
