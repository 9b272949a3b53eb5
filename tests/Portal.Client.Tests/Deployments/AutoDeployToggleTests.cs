using Bunit;
using Portal.Client.Deployments;
using Portal.Client.Tests.Support;
using Portal.Shared.Deployments;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Deployments;

/// <summary>The service page's auto-deploy switch: in a protected environment it asks for a reason and the typed name, and shows the standing setting.</summary>
public sealed class AutoDeployToggleTests : PortalTestContext
{
    private readonly SwitchRecordingDeployments _deployments = new();

    public AutoDeployToggleTests()
    {
        Deployments = _deployments;
    }

    [Fact]
    public void Switching_on_in_prod_asks_for_a_reason_and_the_typed_name_before_asking_the_server()
    {
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Prod, "search-api", 5, "3.0.1")).Add(c => c.EnvironmentInfo, Prod));

        page.Find("#auto-deploy").Change(true);

        Assert.Empty(_deployments.Switches);
        Assert.True(page.Find("#confirm-auto-deploy").HasAttribute("disabled"));
        Assert.Equal("true", page.Find("#auto-deploy").GetAttribute("aria-checked"));
        Assert.Contains("Type the service name", page.Find("#auto-deploy-blocker").TextContent, StringComparison.Ordinal);
        page.Find("#auto-deploy-name").Input("search-api");
        Assert.Contains("Say why", page.Find("#auto-deploy-blocker").TextContent, StringComparison.Ordinal);
        page.Find("#auto-deploy-reason").Input("releases are cut nightly");
        Assert.Empty(page.FindAll("#auto-deploy-blocker"));
        page.Find("#confirm-auto-deploy").Click();

        var (on, reason, confirmation) = Assert.Single(_deployments.Switches);
        Assert.Equal((true, "releases are cut nightly", "search-api"), (on, reason, confirmation));
        page.WaitForAssertion(() => Assert.Contains("switched on by alice: releases are cut nightly", page.Find("#auto-deploy-standing").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Switching_on_in_dev_asks_the_server_at_once()
    {
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Dev, "search-api", 5, "3.0.1")).Add(c => c.EnvironmentInfo, Dev));

        page.Find("#auto-deploy").Change(true);

        Assert.Equal((true, null, null), Assert.Single(_deployments.Switches));
        Assert.Empty(page.FindAll("#auto-deploy-confirm"));
    }

    [Fact]
    public void Cancelling_the_confirmation_in_prod_leaves_the_switch_off_and_asks_nothing()
    {
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Prod, "search-api", 5, "3.0.1")).Add(c => c.EnvironmentInfo, Prod));

        page.Find("#auto-deploy").Change(true);
        page.Find("#cancel-auto-deploy").Click();

        Assert.Empty(_deployments.Switches);
        Assert.Empty(page.FindAll("#auto-deploy-confirm"));
        Assert.Equal("false", page.Find("#auto-deploy").GetAttribute("aria-checked"));
    }

    /// <summary>Offers one service with nothing to deploy, and records every switch of auto-deploy.</summary>
    private sealed class SwitchRecordingDeployments : IDeployments
    {
        private AutoDeployNotice? _standing;

        public event Action<Guid>? Changed;

        public List<(bool On, string? Reason, string? Confirmation)> Switches { get; } = [];

        public Task<DeployChoices?> ChoicesAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
            Task.FromResult<DeployChoices?>(new DeployChoices(
                environment, cluster, service, environment == "prod", "arn:td:5", "repo/search-api:3.0.1", [], [], null, null, null, _standing is not null, _standing));

        public Task<DeploymentPreview?> PreviewAsync(string environment, string cluster, string service, DeployTarget target, CancellationToken cancellationToken = default) =>
            Task.FromResult<DeploymentPreview?>(null);

        public Task<DeployResult> DeployAsync(DeployCommand command, CancellationToken cancellationToken = default) =>
            Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Nothing to deploy in this test."));

        public Task<DeployResult> RollbackAsync(RollbackCommand command, CancellationToken cancellationToken = default) =>
            Task.FromResult(DeployResult.Refused(DeployProblemKind.NotFound, "Nothing to roll back in this test."));

        public Task<IReadOnlyList<RevisionChoice>> RollbackRevisionsAsync(string environment, string cluster, string service, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<RevisionChoice>>([]);

        public Task<string?> SetAutoDeployAsync(
            string environment, string cluster, string service, bool on, string? reason = null, string? confirmation = null, CancellationToken cancellationToken = default)
        {
            Switches.Add((on, reason, confirmation));
            _standing = on ? new AutoDeployNotice("alice", Now, reason) : null;
            return Task.FromResult<string?>(null);
        }

        public Task<DeploymentRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult<DeploymentRecord?>(null);

        public void Raise(Guid id) => Changed?.Invoke(id);
    }
}
