using Portal.Shared.Deployments;

namespace Portal.Client.Tests.Deployments;

/// <summary>A deploy engine a test scripts: the choices and rollback revisions it offers, the deployments it finds, and every rollback asked of it.</summary>
internal sealed class ScriptedDeployments : IDeployments
{
    public event Action<Guid>? Changed;

    public DeployChoices? Choices { get; set; }

    public List<RevisionChoice> Revisions { get; } = [];

    public Dictionary<Guid, DeploymentRecord> Records { get; } = [];

    public List<RollbackCommand> Rollbacks { get; } = [];

    public List<DeployCommand> Deploys { get; } = [];

    /// <summary>As the follower does: the deployment moved on, every open page hears it.</summary>
    public void Move(DeploymentRecord deployment, DeployChoices choicesAfter)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        Records[deployment.Id] = deployment;
        Choices = choicesAfter;
        Changed?.Invoke(deployment.Id);
    }

    public Task<DeployChoices?> ChoicesAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) => Task.FromResult(Choices);

    public Task<DeploymentPreview?> PreviewAsync(string environment, string cluster, string service, DeployTarget target, CancellationToken cancellationToken = default) =>
        Task.FromResult<DeploymentPreview?>(new DeploymentPreview("repo/a:1", target.TaskDefinition ?? "repo/a:2", "256", "256", "512", "512", [], []));

    public Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken = default)
    {
        Deploys.Add(command);
        return Task.FromResult(DeployResult.Refused(DeployProblemKind.Conflict, "Someone deployed in between."));
    }

    public Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken = default)
    {
        Rollbacks.Add(command);
        return Task.FromResult(DeployResult.Refused(DeployProblemKind.Invalid, "Refused in this test."));
    }

    public Task<IReadOnlyList<RevisionChoice>> RollbackRevisionsAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RevisionChoice>>(Revisions);

    public Task<string?> SetAutoDeployAsync(
        string environment, string cluster, string service, bool on, string? reason = null, string? confirmation = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(null);

    public Task<DeploymentRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(Records.GetValueOrDefault(id));
}
