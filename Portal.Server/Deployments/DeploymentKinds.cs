namespace Portal.Server.Deployments;

/// <summary>The <c>kind</c> tag of the deployment metrics.</summary>
public static class DeploymentKinds
{
    public const string Deploy = "deploy";
    public const string Rollback = "rollback";
}
