using Portal.Shared.Deployments;

namespace Portal.Client.Tests.Support;

/// <summary>A portal where no service has deploy choices recorded: pages render their deploy controls with nothing to offer.</summary>
public sealed class NoDeployments : IDeployments
{
    public event Action<Guid>? Changed;

    /// <summary>What <see cref="ChoicesAsync"/> answers for every service: nothing unless a test says.</summary>
    public DeployChoices? Choices { get; set; }

    public Task<DeployChoices?> ChoicesAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
        Task.FromResult(Choices);

    public Task<DeploymentPreview?> PreviewAsync(string environment, string cluster, string service, DeployTarget target, CancellationToken cancellationToken = default) =>
        Task.FromResult<DeploymentPreview?>(null);

    public Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Nothing to deploy in this test."));

    public Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Nothing to roll back in this test."));

    public Task<IReadOnlyList<RevisionChoice>> RollbackRevisionsAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RevisionChoice>>([]);

    public Task<string?> SetAutoDeployAsync(
        string environment, string cluster, string service, bool on, string? reason = null, string? confirmation = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>("Nothing to switch in this test.");

    public Task<DeploymentRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<DeploymentRecord?>(null);

    public void Raise(Guid id) => Changed?.Invoke(id);
}
