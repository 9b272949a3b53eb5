using Portal.Shared.Deployments;

namespace Portal.Client.Publishing;

/// <summary>The publish page's plain words: where a site is, and how a publish ended.</summary>
public static class PublishWords
{
    public static string Where(string environment) => environment switch
    {
        "prod" => "Live site",
        "stage" => "Preview site",
        _ => $"{environment} site",
    };

    public static string Finished(DeploymentRecord entry) => entry.Status switch
    {
        DeploymentStatus.Completed => "Live. The new version is what visitors see now.",
        DeploymentStatus.RolledBack => "The new version did not start properly, so the previous version is back. Nothing changed for visitors.",
        DeploymentStatus.Failed => "Could not be published: " + (entry.Outcome ?? "an unknown problem") + " The previous version stays live.",
        DeploymentStatus.Stopped => "Stopped before it finished; the previous version stays live.",
        _ => "Publishing…",
    };
}
