using Portal.Shared.Deployments;

namespace Portal.Server.History;

/// <summary>ECS's words for a service deployment's status, read as the ledger's statuses for the delivery figures.</summary>
public static class EcsStatuses
{
    public static DeploymentStatus AsDeploymentStatus(string status) => status switch
    {
        "SUCCESSFUL" => DeploymentStatus.Completed,

        // Rolled back by the circuit breaker or an alarm, or a rollback that failed too: either way the deploy failed.
        "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED" => DeploymentStatus.RolledBack,
        "STOPPED" => DeploymentStatus.Stopped,
        _ => DeploymentStatus.InProgress,
    };
}
