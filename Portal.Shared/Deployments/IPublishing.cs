namespace Portal.Shared.Deployments;

/// <summary>
/// The marketing publisher's view of deploying, in plain words: the sites they may publish, what is
/// live, the newest version, and one button. Decided on the server like every deploy.
/// </summary>
public interface IPublishing
{
    /// <summary>Every site (publishable service) in an environment where the person may publish, with what is live and what is newest.</summary>
    Task<IReadOnlyList<PublishableSite>> SitesAsync(CancellationToken cancellationToken = default);

    /// <summary>Puts the newest version of a site live; the platform returns to the previous version by itself if the new one fails to start.</summary>
    Task<DeployResult> PublishAsync(string environment, string cluster, string service, Guid buildId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The publishes of the sites the person may publish, newest first.</summary>
    Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(CancellationToken cancellationToken = default);

    event Action<Guid>? Changed;
}

public sealed record PublishableSite(
    string Environment,
    string Cluster,
    string Service,
    string? Address,
    LiveVersion Live,
    NewestVersion? Newest,
    DeploymentRecord? Publishing);

/// <summary>What people see now: the change's description, when it went live and who put it there, where the portal knows.</summary>
public sealed record LiveVersion(string Description, DateTimeOffset? Since, string? By);

public sealed record NewestVersion(Guid BuildId, string Description, string Author, DateTimeOffset BuiltAt, bool IsLive);
