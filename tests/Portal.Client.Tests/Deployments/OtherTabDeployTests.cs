using Bunit;
using Portal.Client.Deployments;
using Portal.Client.Tests.Support;
using Portal.Shared.Deployments;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Deployments;

/// <summary>A deploy started somewhere else (another tab, another person, CI) shows on every open page of the service.</summary>
public sealed class OtherTabDeployTests : PortalTestContext
{
    private readonly ElsewhereDeployments _deployments = new();

    public OtherTabDeployTests()
    {
        Deployments = _deployments;
    }

    [Fact]
    public void A_deploy_of_this_service_started_elsewhere_disables_deploy_and_shows_its_progress()
    {
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Dev, "search-api", 5, "3.0.1")).Add(c => c.EnvironmentInfo, Dev));
        Assert.False(page.Find("#open-deploy").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".deployment-progress"));

        _deployments.Start(Record("dev", "search-api", DeploymentStatus.InProgress));

        page.WaitForAssertion(() => Assert.True(page.Find("#open-deploy").HasAttribute("disabled")));
        Assert.Contains("in progress", page.Find(".deployment-progress .deployment-status").TextContent, StringComparison.Ordinal);
        Assert.Equal("Stop and roll back…", page.Find("#open-rollback").TextContent);
    }

    [Fact]
    public void A_deploy_of_another_service_changes_nothing()
    {
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Dev, "search-api", 5, "3.0.1")).Add(c => c.EnvironmentInfo, Dev));

        _deployments.Start(Record("dev", "orders-api", DeploymentStatus.InProgress));
        _deployments.Start(Record("stage", "search-api", DeploymentStatus.InProgress));

        Assert.False(page.Find("#open-deploy").HasAttribute("disabled"));
        Assert.Empty(page.FindAll(".deployment-progress"));
    }

    private static DeploymentRecord Record(string environment, string service, DeploymentStatus status) => new(
        Guid.NewGuid(), "deploy", "portal", "bob", environment, "main", service, "arn:td:5", "arn:td:6", $"repo/{service}:3.0.2", null,
        status, null, "ecs-svc/2", Now, Now, null);

    /// <summary>One service with nothing to deploy; deployments start elsewhere and are announced by id.</summary>
    private sealed class ElsewhereDeployments : IDeployments
    {
        private readonly Dictionary<Guid, DeploymentRecord> _known = [];

        public event Action<Guid>? Changed;

        public void Start(DeploymentRecord deployment)
        {
            _known[deployment.Id] = deployment;
            Changed?.Invoke(deployment.Id);
        }

        public Task<DeployChoices?> ChoicesAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
            Task.FromResult<DeployChoices?>(new DeployChoices(environment, cluster, service, false, "arn:td:5", "repo/search-api:3.0.1", [], [], null, null, null, false));

        public Task<DeploymentPreview?> PreviewAsync(string environment, string cluster, string service, DeployTarget target, CancellationToken cancellationToken = default) =>
            Task.FromResult<DeploymentPreview?>(null);

        public Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken = default) =>
            Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Not here."));

        public Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken = default) =>
            Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Not here."));

        public Task<string?> SetAutoDeployAsync(
            string environment, string cluster, string service, bool on, string? reason = null, string? confirmation = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<string?>(null);

        public Task<DeploymentRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(_known.GetValueOrDefault(id));

        public Task<IReadOnlyList<RevisionChoice>> RollbackRevisionsAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RevisionChoice>>([]);
    }
}
