namespace Portal.Shared.Deployments;

/// <summary>
/// One site's publish page, the one a markdown repository's badge links to: what is live, what the
/// new version contains, and whether the person may publish it (else who may). Decided on the server.
/// </summary>
public interface IPublishSite
{
    /// <summary>The site, or null when the person cannot see a site of that name there.</summary>
    Task<PublishSiteView?> SiteAsync(string environment, string service, CancellationToken cancellationToken = default);
}

/// <param name="Site">What the publish page's card shows, when the person may publish; null otherwise.</param>
/// <param name="Changes">The new version's commits (the builds CI announced since the live one), newest first.</param>
/// <param name="Pages">The pages the new version changes: its markdown files, without their ending.</param>
/// <param name="PreviewLink">Where the new version can be seen already, when it runs in stage.</param>
/// <param name="Publishers">Who may publish the site, by name, for the person who may not.</param>
public sealed record PublishSiteView(
    string Environment,
    string Service,
    string? Address,
    string LiveVersion,
    string LiveDescription,
    bool NewVersionReady,
    PublishableSite? Site,
    IReadOnlyList<VersionChange> Changes,
    IReadOnlyList<string> Pages,
    string? PreviewLink,
    IReadOnlyList<string> Publishers);

public sealed record VersionChange(string Commit, string Message, string Author, DateTimeOffset At);
