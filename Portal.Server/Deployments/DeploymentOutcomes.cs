namespace Portal.Server.Deployments;

/// <summary>The <c>outcome</c> tag of the deployment metrics.</summary>
public static class DeploymentOutcomes
{
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>ECS's circuit breaker returned the service to its previous revision.</summary>
    public const string RolledBack = "rolled-back";

    /// <summary>Someone stopped the deployment while it ran.</summary>
    public const string Stopped = "stopped";

    /// <summary>A guard refused the request before anything changed (only counted, it has no duration).</summary>
    public const string Refused = "refused";
}
