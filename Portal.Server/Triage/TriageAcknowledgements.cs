using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;

namespace Portal.Server.Triage;

/// <summary>Reads and writes the acknowledgements; shared by every caller, so one person's note shows to all.</summary>
public sealed class TriageAcknowledgements(IDbContextFactory<PortalDbContext> contexts)
{
    public const int NoteLength = 1000;

    /// <summary>Raised after an acknowledgement is written, so every open triage page redraws.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<TriageAcknowledgement>> InAsync(IReadOnlyCollection<string> environments, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        return await context.TriageAcknowledgements.AsNoTracking()
            .Where(a => environments.Contains(a.Environment))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Replaces the service's acknowledgement: re-acknowledging keeps only the newest note.</summary>
    public async Task SetAsync(TriageAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.TriageAcknowledgements
            .Where(a => a.Environment == acknowledgement.Environment && a.Cluster == acknowledgement.Cluster && a.Service == acknowledgement.Service)
            .ExecuteDeleteAsync(cancellationToken);
        context.TriageAcknowledgements.Add(acknowledgement);
        await context.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
    }

    public async Task ClearAsync(string environment, string cluster, string service, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        await context.TriageAcknowledgements
            .Where(a => a.Environment == environment && a.Cluster == cluster && a.Service == service)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
