using Portal.Shared.Deployments;

namespace Portal.Client.Tests.Support;

/// <summary>Publishing with the sites a test gives (none unless it says); publishing itself is refused.</summary>
public sealed class FakePublishing : IPublishing
{
    public event Action<Guid>? Changed;

    public List<PublishableSite> Sites { get; } = [];

    public Task<IReadOnlyList<PublishableSite>> SitesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PublishableSite>>([.. Sites]);

    public Task<DeployResult> PublishAsync(string environment, string cluster, string service, Guid buildId, string idempotencyKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Nothing to publish in this test."));

    public Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DeploymentRecord>>([]);

    public void Raise(Guid id) => Changed?.Invoke(id);
}
