using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Shared.Triage;

/// <summary>
/// The on-call view: every Critical or Warning service in the environments the caller can see, with what changed
/// just before. Scoped per caller; acknowledging is decided on the server under the caller's role.
/// </summary>
public interface ITriage
{
    /// <summary>Critical before Warning, protected environments first, acknowledged items below unacknowledged ones.</summary>
    Task<IReadOnlyList<TriageItem>> ItemsAsync(CancellationToken cancellationToken = default);

    /// <summary>Acknowledges the service's current alert with a note; null when done, else why it was refused.</summary>
    Task<string?> AcknowledgeAsync(string environment, string cluster, string service, string note, CancellationToken cancellationToken = default);

    /// <summary>Raised after someone acknowledges an item, so other people's pages redraw.</summary>
    event Action? Changed;
}

public sealed record TriageItem(
    ServiceView View,
    bool IsProtected,
    DateTimeOffset? Since,
    IReadOnlyList<DateTimeOffset> DeployMarkers,
    TriageDeploy? LastDeploy,
    bool IsSuspect,
    TriageAcknowledgementInfo? Acknowledgement)
{
    public string Environment => View.Environment;

    public string Cluster => View.Service.Cluster;

    public string Service => View.Service.Name;

    public HealthLevel Level => View.Health.Level;
}

/// <summary>The last deploy or rollback of the service in the portal's ledger.</summary>
public sealed record TriageDeploy(
    Guid Id,
    string Kind,
    string Actor,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int FromRevision,
    int? ToRevision,
    string Status);

public sealed record TriageAcknowledgementInfo(string By, DateTimeOffset At, string Note);
