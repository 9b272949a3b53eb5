using Portal.Shared.Triage;

namespace Portal.Client.Tests.Support;

/// <summary>Items a test puts, and the acknowledgements the page asks for, kept in memory.</summary>
public sealed class InMemoryTriage : ITriage
{
    public List<TriageItem> Items { get; } = [];

    public List<(string Environment, string Cluster, string Service, string Note)> Acknowledged { get; } = [];

    /// <summary>What <see cref="AcknowledgeAsync"/> answers; null accepts.</summary>
    public string? Refusal { get; set; }

    public event Action? Changed;

    public Task<IReadOnlyList<TriageItem>> ItemsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(TriageOrder.Sort(Items));

    public Task<string?> AcknowledgeAsync(string environment, string cluster, string service, string note, CancellationToken cancellationToken = default)
    {
        if (Refusal is null)
        {
            Acknowledged.Add((environment, cluster, service, note));
            var at = Items.FindIndex(i => i.Environment == environment && i.Cluster == cluster && i.Service == service);
            if (at >= 0)
            {
                Items[at] = Items[at] with { Acknowledgement = new TriageAcknowledgementInfo("alice", TestFleet.Now, note) };
            }

            Changed?.Invoke();
        }

        return Task.FromResult(Refusal);
    }
}
