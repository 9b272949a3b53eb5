using Bunit;
using MudBlazor;
using Portal.Client.Deployments;
using Portal.Client.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Deployments;

/// <summary>The deploy controls follow the service's real state, in every tab, and say why an action is not theirs to take.</summary>
public sealed class DeployControlsTests : PortalTestContext
{
    private readonly ScriptedDeployments _deployments = new();
    private readonly ServiceView _view = View(Stage, "orders-api", 12, "c0ffe42");

    public DeployControlsTests()
    {
        Deployments = _deployments;
        _deployments.Choices = Choices(rollback: null, inFlight: null);
    }

    [Fact]
    public void Roll_back_becomes_available_in_a_tab_that_did_not_deploy_when_the_deploy_completes()
    {
        _deployments.Choices = Choices(rollback: null, inFlight: Record(DeploymentStatus.InProgress));
        var page = Render<DeployControls>(p => p.Add(c => c.View, _view).Add(c => c.EnvironmentInfo, Stage));
        Assert.True(page.Find("#open-deploy").HasAttribute("disabled"));

        _deployments.Move(Record(DeploymentStatus.Completed), Choices(new RollbackTarget(Arn(11), 11, "repo/orders-api:e8d2c91", null, "alice", null, null), inFlight: null));

        page.WaitForAssertion(() => Assert.False(page.Find("#open-rollback").HasAttribute("disabled")));
        Assert.False(page.Find("#open-deploy").HasAttribute("disabled"));
        Assert.Equal("Completed", page.Find(".deployment-progress").GetAttribute("data-status"));
    }

    [Fact]
    public void Another_tabs_deploy_shows_here_with_deploy_disabled_and_the_rollout_moving()
    {
        var page = Render<DeployControls>(p => p.Add(c => c.View, _view).Add(c => c.EnvironmentInfo, Stage));
        Assert.Empty(page.FindAll(".deployment-progress"));

        _deployments.Move(Record(DeploymentStatus.InProgress), Choices(rollback: null, inFlight: Record(DeploymentStatus.InProgress)));
        var rolling = _view with
        {
            Service = _view.Service with
            {
                Deployments =
                [
                    Deployment("ecs-svc/2", "PRIMARY", Arn(13), RolloutState.InProgress, Now, desired: 4, running: 1, pending: 2),
                    Deployment("ecs-svc/1", "ACTIVE", Arn(12), RolloutState.Completed, Now.AddHours(-3), desired: 4, running: 3),
                ],
            },
        };
        page.Render(p => p.Add(c => c.View, rolling));

        page.WaitForAssertion(() => Assert.True(page.Find("#open-deploy").HasAttribute("disabled")));
        Assert.Equal("1 of 4 new tasks running · 2 starting · 3 old tasks draining", page.Find(".progress-text").TextContent);
    }

    [Fact]
    public void A_read_only_person_sees_the_actions_disabled_with_the_reason_and_the_role_that_would_allow_them()
    {
        Access = new InMemoryPortalAccess(InMemoryPortalAccess.Oscar, ["dev", "stage", "prod"]);
        var page = Render<DeployControls>(p => p.Add(c => c.View, _view).Add(c => c.EnvironmentInfo, Stage));

        Assert.True(page.Find("#open-deploy").HasAttribute("disabled"));
        Assert.True(page.Find("#open-rollback").HasAttribute("disabled"));
        Assert.Contains("ask an administrator", page.Find(".permission-note").TextContent, StringComparison.Ordinal);
        Assert.Equal("Deployer", page.Find(".needed-role").TextContent.Trim());
    }

    [Fact]
    public void The_rollback_dialog_offers_the_one_before_lists_earlier_revisions_and_sends_the_one_picked()
    {
        _deployments.Choices = Choices(new RollbackTarget(Arn(11), 11, "repo/orders-api:e8d2c91", null, "alice", null, null), inFlight: null);
        _deployments.Revisions.AddRange(
        [
            new RevisionChoice(Arn(11), 11, "repo/orders-api:e8d2c91", Now.AddHours(-5), "alice", "e8d2c91", Now.AddHours(-1), IsActive: true),
            new RevisionChoice(Arn(10), 10, "repo/orders-api:4be1a07", Now.AddDays(-2), "sam", "4be1a07", Now.AddHours(-5), IsActive: true),
            new RevisionChoice(Arn(9), 9, "repo/orders-api:77aa001", null, null, null, Now.AddDays(-2), IsActive: false),
        ]);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DeployControls>(p => p.Add(c => c.View, _view).Add(c => c.EnvironmentInfo, Stage));

        page.Find("#open-rollback").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(3, dialogs.FindAll(".revision-option").Count));
        Assert.Contains("to revision 11 (repo/orders-api:e8d2c91)", dialogs.Find(".rollback-target").TextContent, StringComparison.Ordinal);
        Assert.True(dialogs.Find("#rollback-9").HasAttribute("disabled"));
        var why = dialogs.Find("#rollback-9").GetAttribute("aria-describedby");
        Assert.Contains("no longer ACTIVE in ECS", dialogs.Find($"#{why}").TextContent, StringComparison.Ordinal);
        Assert.True(dialogs.Find("#rollback-11").HasAttribute("checked"));
        Assert.Contains("deployed by sam", dialogs.Find(".revision-option[data-revision='10']").TextContent, StringComparison.Ordinal);
        dialogs.Find("#rollback-10").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Roll back to revision 10", dialogs.Find("#confirm-deploy").TextContent, StringComparison.Ordinal));
        dialogs.Find("#confirm-deploy").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(Arn(10), Assert.Single(_deployments.Rollbacks).TaskDefinition));
        Assert.Contains("Refused in this test.", dialogs.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deploy_dialog_says_where_each_build_runs_offers_promotion_and_why_confirm_waits()
    {
        var build = new BuildChoice(Guid.NewGuid(), "repo/orders-api:e8d2c91", "e8d2c91", "e8d2c91", "Idempotent orders", "sam", Now.AddHours(-3),
            "https://ci.example.internal/orders-api/runs/e8d2c91", [new BuildPlacement("stage", Now.AddHours(-2), HealthLevel.Healthy)], "https://git.example.internal/orders-api/commit/e8d2c91");
        _deployments.Choices = Choices(rollback: null, inFlight: null) with { IsProtected = true, Environment = "prod", Builds = [build], Promotion = new Promotion("stage", build) };
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Prod, "orders-api", 12, "c0ffe42")).Add(c => c.EnvironmentInfo, Prod));

        page.Find("#open-deploy").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("in stage since 2 h, healthy", dialogs.Find(".target-placement").TextContent, StringComparison.Ordinal));
        Assert.Equal("https://git.example.internal/orders-api/commit/e8d2c91", dialogs.Find(".commit-link").GetAttribute("href"));
        Assert.Equal("https://ci.example.internal/orders-api/runs/e8d2c91", dialogs.Find(".ci-link").GetAttribute("href"));
        Assert.Contains("Choose a build", dialogs.Find("#confirm-blocker").TextContent, StringComparison.Ordinal);
        dialogs.Find("#promote").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("type the service name", dialogs.Find("#confirm-blocker").TextContent, StringComparison.Ordinal));
        Assert.True(dialogs.Find("#confirm-deploy").HasAttribute("disabled"));
    }

    [Fact]
    public void In_prod_confirm_waits_for_the_typed_name_and_a_reason_and_each_field_says_what_it_still_needs()
    {
        var build = new BuildChoice(Guid.NewGuid(), "repo/orders-api:e8d2c91", "e8d2c91", "e8d2c91", "Idempotent orders", "sam", Now.AddHours(-3), null, []);
        _deployments.Choices = Choices(rollback: null, inFlight: null) with { IsProtected = true, Environment = "prod", Builds = [build] };
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DeployControls>(p => p.Add(c => c.View, View(Prod, "orders-api", 12, "c0ffe42")).Add(c => c.EnvironmentInfo, Prod));
        page.Find("#open-deploy").Click();
        dialogs.WaitForAssertion(() => dialogs.Find($"#build-{build.Id}").Click());

        dialogs.Find("#deploy-confirm").Input("orders-ap");
        Assert.Equal("Confirm waits until this reads orders-api", dialogs.Find("#deploy-confirm-helper-text").TextContent);
        Assert.Contains("type the service name", dialogs.Find("#confirm-blocker").TextContent, StringComparison.Ordinal);
        dialogs.Find("#deploy-confirm").Input("orders-api");
        Assert.Equal("Matches the service name", dialogs.Find("#deploy-confirm-helper-text").TextContent);
        Assert.Equal("Needed in prod: Confirm waits for it", dialogs.Find("#deploy-reason-helper-text").TextContent);
        Assert.True(dialogs.Find("#confirm-deploy").HasAttribute("disabled"));
        dialogs.Find("#deploy-reason").Input("Retries no longer double-book");

        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("#confirm-deploy").HasAttribute("disabled")));
        Assert.Empty(dialogs.FindAll("#confirm-blocker"));
        dialogs.Find("#confirm-deploy").Click();
        dialogs.WaitForAssertion(() => Assert.Equal(("Retries no longer double-book", "orders-api"), (Assert.Single(_deployments.Deploys).Reason, _deployments.Deploys[0].Confirmation)));
    }

    private static string Arn(int revision) => $"arn:aws:ecs:{Region}:{AccountStage}:task-definition/orders-api:{revision}";

    private static readonly Guid DeploymentId = Guid.Parse("0193a1b2-0000-7000-8000-0000000000aa");

    private static DeploymentRecord Record(DeploymentStatus status) => new(
        DeploymentId, "deploy", "ui", "bob", "stage", "main", "orders-api", Arn(12), Arn(13), "repo/orders-api:f00d123", null, status, null, null,
        Now.AddMinutes(-1), Now.AddMinutes(-1), status == DeploymentStatus.Completed ? Now : null);

    private static DeployChoices Choices(RollbackTarget? rollback, DeploymentRecord? inFlight) => new(
        "stage", "main", "orders-api", false, Arn(12), "repo/orders-api:c0ffe42", [], [], rollback, inFlight, null, AutoDeploy: false);
}
