namespace Portal.Server.Deployments;

/// <summary>Tells open pages that a deployment changed, on this instance and (through <see cref="DeploymentEventSharing"/>) on the others.</summary>
public sealed class DeploymentEvents
{
    /// <summary>A deployment changed, here or on another instance: pages read it again.</summary>
    public event Action<Guid>? Changed;

    /// <summary>A deployment changed on this instance: the other instances are told.</summary>
    public event Action<Guid>? RaisedHere;

    public void Raise(Guid deploymentId)
    {
        Changed?.Invoke(deploymentId);
        RaisedHere?.Invoke(deploymentId);
    }

    /// <summary>Another instance raised it: told to the pages here, not sent back.</summary>
    public void RaiseFromAnotherInstance(Guid deploymentId) => Changed?.Invoke(deploymentId);
}
