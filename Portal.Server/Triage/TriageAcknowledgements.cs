using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;

namespace Portal.Server.Triage;

/// <summary>
/// The acknowledgements, shared by every caller so one person's note shows to all. Kept in memory:
/// loaded from the database once, then changed here after each write reached the database, so an
/// open triage page reads them without a query however many people have it open. Another instance's
/// writes arrive through <see cref="ReloadAsync"/>, called when that instance says they changed.
/// </summary>
public sealed class TriageAcknowledgements(IDbContextFactory<PortalDbContext> contexts) : IDisposable
{
    public const int NoteLength = 1000;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<(string Environment, string Cluster, string Service), byte> _clearing = new();
    private volatile IReadOnlyDictionary<(string Environment, string Cluster, string Service), TriageAcknowledgement>? _current;

    /// <summary>Raised after the acknowledgements changed (here or, reloaded, elsewhere), so every open triage page redraws.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<TriageAcknowledgement>> InAsync(IReadOnlyCollection<string> environments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environments);
        var current = _current ?? await LoadAsync(reload: false, cancellationToken);
        return [.. current.Values.Where(a => environments.Contains(a.Environment))];
    }

    /// <summary>Replaces the service's acknowledgement: re-acknowledging keeps only the newest note.</summary>
    public async Task SetAsync(TriageAcknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await context.TriageAcknowledgements
                .Where(a => a.Environment == acknowledgement.Environment && a.Cluster == acknowledgement.Cluster && a.Service == acknowledgement.Service)
                .ExecuteDeleteAsync(cancellationToken);
            context.TriageAcknowledgements.Add(acknowledgement);
            await context.SaveChangesAsync(cancellationToken);
        }

        await ChangeAsync(all => all[KeyOf(acknowledgement)] = Copy(acknowledgement), cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>
    /// Takes the service's acknowledgement away (its alert has gone). Many pages see the alert go at
    /// once: one of them writes, the others find it already being cleared.
    /// </summary>
    public async Task ClearAsync(string environment, string cluster, string service, CancellationToken cancellationToken)
    {
        var key = (environment, cluster, service);
        if (!_clearing.TryAdd(key, 0))
        {
            return;
        }

        try
        {
            await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
            {
                await context.TriageAcknowledgements
                    .Where(a => a.Environment == environment && a.Cluster == cluster && a.Service == service)
                    .ExecuteDeleteAsync(cancellationToken);
            }

            await ChangeAsync(all => all.Remove(key), cancellationToken);
        }
        finally
        {
            _clearing.TryRemove(key, out _);
        }
    }

    /// <summary>Reads them all again from the database: another instance acknowledged or cleared one.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(reload: true, cancellationToken);
        Changed?.Invoke();
    }

    private async Task<IReadOnlyDictionary<(string, string, string), TriageAcknowledgement>> LoadAsync(bool reload, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Many first pages at once: one of them loads, the rest find it loaded.
            if (!reload && _current is { } loaded)
            {
                return loaded;
            }

            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var all = await context.TriageAcknowledgements.AsNoTracking().ToListAsync(cancellationToken);
            var current = all.ToDictionary(KeyOf);
            _current = current;
            return current;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Changes a copy and swaps it in, so a reader never sees a dictionary mid-change.</summary>
    private async Task ChangeAsync(Action<Dictionary<(string, string, string), TriageAcknowledgement>> change, CancellationToken cancellationToken)
    {
        if (_current is null)
        {
            await LoadAsync(reload: false, cancellationToken);
            return;  // Loaded after the write: it is in there already.
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            var next = new Dictionary<(string, string, string), TriageAcknowledgement>(_current!);
            change(next);
            _current = next;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private static (string, string, string) KeyOf(TriageAcknowledgement a) => (a.Environment, a.Cluster, a.Service);

    // The entity EF tracked stays the caller's; readers get one nobody else holds.
    private static TriageAcknowledgement Copy(TriageAcknowledgement a) =>
        new() { Environment = a.Environment, Cluster = a.Cluster, Service = a.Service, By = a.By, At = a.At, Note = a.Note };
}
