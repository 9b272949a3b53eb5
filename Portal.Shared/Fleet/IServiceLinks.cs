namespace Portal.Shared.Fleet;

/// <summary>Links out of the portal for one service: its AWS console pages and the commit and CI run of the image it runs.</summary>
public interface IServiceLinks
{
    /// <summary>The service's links, or null when the caller cannot see the service.</summary>
    Task<ServiceLinks?> ForAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default);
}

/// <param name="Console">The service's ECS console page, through the role switch when <paramref name="RoleName"/> is known.</param>
/// <param name="TargetGroups">Each target group's ARN to its console page.</param>
/// <param name="RoleName">The role the caller acts in there, which the console links switch to; null when none is known.</param>
/// <param name="Build">The build of the image the service runs, when CI announced it.</param>
public sealed record ServiceLinks(
    string Console,
    IReadOnlyDictionary<string, string> TargetGroups,
    string? RoleName,
    ImageBuildLinks? Build);

/// <param name="CommitLink">Where the commit is read, when the portal is configured with one (Deployments:CommitLinks).</param>
/// <param name="RunLink">The CI run that built the image, as CI announced it.</param>
public sealed record ImageBuildLinks(string CommitSha, string? CommitLink, string? RunLink);
