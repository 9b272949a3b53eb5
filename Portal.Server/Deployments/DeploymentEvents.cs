namespace Portal.Server.Deployments;

/// <summary>Tells open pages that a deployment moved on; raised by the deploy engine and the follower.</summary>
public sealed class DeploymentEvents
{
    public event Action<Guid>? Changed;

    public void Raise(Guid deploymentId) => Changed?.Invoke(deploymentId);
}
