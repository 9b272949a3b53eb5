using Portal.Shared.Fleet;

namespace Portal.Server.History;

/// <summary>
/// Keeps part of what a fleet refresh saw after the cloud forgets it. <see cref="HistoryRecorder"/>
/// hands every archive each refreshed environment, one at a time.
/// </summary>
public interface IHistoryArchive
{
    /// <summary>Writes what the snapshot shows that is not archived yet; returns how many rows were new.</summary>
    Task<int> ArchiveAsync(EnvironmentSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Deletes what is older than the retention; returns how many rows went.</summary>
    Task<int> PurgeAsync(CancellationToken cancellationToken);
}
