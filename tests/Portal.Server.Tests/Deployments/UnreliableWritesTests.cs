using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Cloud;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Deployments;

/// <summary>
/// Deploys when AWS's answers get lost or take long: UpdateService is never sent twice blindly, a
/// deploy request answers within its budget whatever AWS's latency, and a deployment whose apply
/// was cut off is settled by asking ECS, not by guessing.
/// </summary>
public sealed class UnreliableWritesTests(UnreliableAwsPortal portal) : IClassFixture<UnreliableAwsPortal>
{
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(30);

    /// <summary>Where a deployment whose update took effect stands once seen: the host's own follower may already have judged it completed.</summary>
    private static readonly DeploymentStatus[] Followed = [DeploymentStatus.InProgress, DeploymentStatus.Completed];

    [Fact]
    public async Task An_update_whose_answer_was_lost_after_ecs_carried_it_out_is_taken_as_sent_and_not_sent_again()
    {
        portal.Ecs.For("catalog-api").LoseNextAnswer();

        var result = await DeployBuildAsync("catalog-api");

        Assert.True(result.Accepted, result.Problem?.Message);
        var started = result.Deployment!;
        Assert.Equal(DeploymentStatus.InProgress, started.Status);
        var ecs = await portal.DescribeAsync("dev", "dev-api", "catalog-api");
        Assert.Equal(started.ToTaskDefinition, ecs.TaskDefinition);
        Assert.Equal(ecs.Deployments.Single(d => d.Status == "PRIMARY").Id, started.EcsDeploymentId);
        Assert.Equal(1, portal.Ecs.UpdatesOf("catalog-api"));
        Assert.Equal(DeploymentStatus.Completed, (await portal.FollowToTheEndAsync(started.Id)).Status);
        Assert.False(await portal.IsLockedAsync("dev", "dev-api", "catalog-api"));
    }

    [Fact]
    public async Task An_update_lost_before_it_reached_ecs_is_sent_once_more()
    {
        portal.Ecs.For("inventory-api").LoseNextRequest();

        var result = await DeployBuildAsync("inventory-api");

        Assert.True(result.Accepted, result.Problem?.Message);
        var started = result.Deployment!;
        Assert.Equal(DeploymentStatus.InProgress, started.Status);
        var ecs = await portal.DescribeAsync("dev", "dev-api", "inventory-api");
        Assert.Equal(started.ToTaskDefinition, ecs.TaskDefinition);
        Assert.Equal(ecs.Deployments.Single(d => d.Status == "PRIMARY").Id, started.EcsDeploymentId);
        Assert.Equal(2, portal.Ecs.UpdatesOf("inventory-api"));
    }

    [Fact]
    public async Task An_unanswered_update_ecs_cannot_be_asked_about_is_left_to_the_follower_which_follows_it_once_ecs_answers()
    {
        var faults = portal.Ecs.For("payments-api");
        faults.LoseNextAnswer();
        faults.ReadsRefused = true;

        var result = await DeployBuildAsync("payments-api");

        Assert.True(result.Accepted, result.Problem?.Message);
        Assert.Equal(DeploymentStatus.Requested, result.Deployment!.Status);
        var id = result.Deployment.Id;
        Assert.NotNull((await portal.DeploymentAsync(id)).ToTaskDefinition);
        Assert.Equal(1, portal.Ecs.UpdatesOf("payments-api"));

        await portal.Follower.FollowOnceAsync(CancellationToken.None);
        Assert.Equal(DeploymentStatus.Requested, (await portal.DeploymentAsync(id)).Status);
        Assert.True(await portal.IsLockedAsync("dev", "dev-api", "payments-api"));

        faults.ReadsRefused = false;
        await portal.Follower.FollowOnceAsync(CancellationToken.None);

        var found = await portal.DeploymentAsync(id);
        Assert.Contains(found.Status, Followed);
        var ecs = await portal.DescribeAsync("dev", "dev-api", "payments-api");
        Assert.Equal(ecs.Deployments.Single(d => d.Status == "PRIMARY").Id, found.EcsDeploymentId);
        Assert.Equal(DeploymentStatus.Completed, (await portal.FollowToTheEndAsync(id)).Status);
        Assert.Equal(1, portal.Ecs.UpdatesOf("payments-api"));
        Assert.False(await portal.IsLockedAsync("dev", "dev-api", "payments-api"));
    }

    [Fact]
    public async Task An_update_that_never_reached_ecs_and_could_not_be_checked_ends_as_not_deployed_once_ecs_shows_no_sign_of_it()
    {
        var before = portal.Service("dev", "search-api").Service.TaskDefinition.Arn;
        var faults = portal.Ecs.For("search-api");
        faults.LoseNextRequest();
        faults.ReadsRefused = true;

        var result = await DeployBuildAsync("search-api");

        Assert.Equal(DeploymentStatus.Requested, result.Deployment!.Status);
        var id = result.Deployment.Id;
        faults.ReadsRefused = false;
        await portal.Follower.FollowOnceAsync(CancellationToken.None);
        Assert.Equal(DeploymentStatus.Requested, (await portal.DeploymentAsync(id)).Status);

        portal.Time.Advance(DeploymentFollower.InterruptedAfter + TimeSpan.FromSeconds(1));
        await portal.Follower.FollowOnceAsync(CancellationToken.None);

        var failed = await portal.DeploymentAsync(id);
        Assert.Equal(DeploymentStatus.Failed, failed.Status);
        Assert.Contains("it was not deployed", failed.Outcome, StringComparison.Ordinal);
        Assert.Null(failed.UpdatedServiceAt);
        Assert.Equal(1, portal.Ecs.UpdatesOf("search-api"));
        Assert.Equal(before, (await portal.DescribeAsync("dev", "dev-api", "search-api")).TaskDefinition);
        Assert.False(await portal.IsLockedAsync("dev", "dev-api", "search-api"));
    }

    [Fact]
    public async Task A_revision_registration_never_answered_fails_saying_nothing_was_deployed()
    {
        // Lost twice: the revision is looked for, sent once more, and then no third time.
        var family = portal.Service("dev", "notifications-api").Service.TaskDefinition.Family;
        portal.Ecs.For(family).LeaveNextRegisterUnanswered();
        portal.Ecs.For(family).LeaveNextRegisterUnanswered();

        var result = await DeployBuildAsync("notifications-api");

        Assert.Equal(DeployProblemKind.CloudFailed, result.Problem!.Kind);
        Assert.Contains("AWS did not answer whether the new revision of " + family + " was registered", result.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was deployed; try again", result.Problem.Message, StringComparison.Ordinal);
        var recorded = Assert.Single(await portal.Ledger.OfServiceAsync("dev", "dev-api", "notifications-api", 10, CancellationToken.None));
        Assert.Equal(DeploymentStatus.Failed, recorded.Status);
        Assert.Equal(0, portal.Ecs.UpdatesOf("notifications-api"));
        Assert.False(await portal.IsLockedAsync("dev", "dev-api", "notifications-api"));
    }

    [Fact]
    public async Task A_revision_aws_refuses_to_register_leaves_no_failure_in_the_ledger()
    {
        var family = portal.Service("dev", "identity-api").Service.TaskDefinition.Family;
        portal.Ecs.For(family).RefuseNextRegister();

        var result = await DeployBuildAsync("identity-api");

        Assert.Equal(DeployProblemKind.Forbidden, result.Problem!.Kind);
        Assert.Contains("nothing was deployed", result.Problem.Message, StringComparison.Ordinal);
        Assert.Empty(await portal.Ledger.OfServiceAsync("dev", "dev-api", "identity-api", 10, CancellationToken.None));
        Assert.Equal(0, portal.Ecs.UpdatesOf("identity-api"));
        Assert.False(await portal.IsLockedAsync("dev", "dev-api", "identity-api"));
    }

    [Fact]
    public async Task A_deploy_whose_writes_take_20_s_answers_within_its_budget_keeps_the_lock_and_is_followed_once_they_end()
    {
        var faults = portal.Ecs.For("pricing-api");
        faults.HoldWrites();
        var budgetsSet = BudgetTimers();
        using var alice = PersonScopes.Alice(portal.Services);
        var build = await portal.BuildAsync("pricing-api");
        var answeredAt = portal.Time.GetUtcNow() + UnreliableAwsPortal.AnswerWithin;

        var deploying = Deployments(alice).DeployAsync(new DeployCommand("dev", "dev-api", "pricing-api", DeployTarget.Build(build.Id), Key()));
        await faults.Arrived.Task.WaitAsync(RealTimeLimit);
        await UnreliableAwsPortal.Eventually(() => Task.FromResult(BudgetTimers()), count => count > budgetsSet);
        Assert.False(deploying.IsCompleted);
        portal.Time.Advance(UnreliableAwsPortal.AnswerWithin);
        var answered = await deploying.WaitAsync(RealTimeLimit);

        Assert.True(answered.Accepted, answered.Problem?.Message);
        Assert.Equal(DeploymentStatus.Requested, answered.Deployment!.Status);
        Assert.Equal(answeredAt, portal.Time.GetUtcNow());
        var id = answered.Deployment.Id;

        using var sam = PersonScopes.For(portal.Services, "sam", ("dev", "Deployer"));
        var second = await Deployments(sam).DeployAsync(new DeployCommand("dev", "dev-api", "pricing-api", DeployTarget.Build(build.Id), Key()));
        Assert.Equal(DeployProblemKind.Conflict, second.Problem!.Kind);
        Assert.Contains("is being deployed by alice", second.Problem.Message, StringComparison.Ordinal);

        // Long past the point where a Requested deployment counts as cut off: this one is still being applied here.
        portal.Time.Advance(DeploymentFollower.InterruptedAfter + TimeSpan.FromMinutes(1));
        await portal.Follower.FollowOnceAsync(CancellationToken.None);
        Assert.Equal(DeploymentStatus.Requested, (await portal.DeploymentAsync(id)).Status);
        Assert.True(await portal.IsLockedAsync("dev", "dev-api", "pricing-api"));

        faults.Release();
        var started = await UnreliableAwsPortal.Eventually(() => portal.DeploymentAsync(id), d => d.Status != DeploymentStatus.Requested);

        Assert.Contains(started.Status, Followed);
        Assert.NotNull(started.EcsDeploymentId);
        Assert.Equal(1, portal.Ecs.UpdatesOf("pricing-api"));
        Assert.Equal(DeploymentStatus.Completed, (await portal.FollowToTheEndAsync(id)).Status);
        Assert.False(await portal.IsLockedAsync("dev", "dev-api", "pricing-api"));
    }

    [Fact]
    public async Task Over_http_a_deploy_whose_writes_are_slow_is_answered_202_requested_with_where_to_follow_it()
    {
        var faults = portal.Ecs.For("tracking-api");
        faults.HoldWrites();
        using var ci = await TokenClientAsync("tracking-api");
        var build = await portal.BuildAsync("tracking-api");
        var budgetsSet = BudgetTimers();

        var posting = ci.PostAsJsonAsync("/api/deployments", new { environment = "dev", service = "tracking-api", buildId = build.Id, idempotencyKey = Key() });
        await faults.Arrived.Task.WaitAsync(RealTimeLimit);
        await UnreliableAwsPortal.Eventually(() => Task.FromResult(BudgetTimers()), count => count > budgetsSet);
        portal.Time.Advance(UnreliableAwsPortal.AnswerWithin);
        using var answer = await posting.WaitAsync(RealTimeLimit);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("Requested", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        faults.Release();
        var followed = await UnreliableAwsPortal.Eventually(
            () => ci.GetFromJsonAsync<JsonElement>(answer.Headers.Location), d => d.GetProperty("status").GetString() != "Requested");
        Assert.Contains(followed.GetProperty("status").GetString(), Followed.Select(f => f.ToString()));
    }

    [Fact]
    public async Task A_deployment_cut_off_after_its_update_was_sent_is_followed_from_what_ecs_runs()
    {
        var (deployment, target) = await CutOffAsync("mobile-bff", "dev-app");
        var environment = portal.Services.GetRequiredService<IEnvironmentCatalog>().Environments.First(e => e.Name == "dev");
        await portal.Ecs.UpdateServiceAsync(
            new CloudCaller(environment.Info.AccountId, environment.Info.Region, "Administrator", "alice"),
            new Portal.Server.Cloud.Ecs.UpdateServiceRequest("dev-app", "mobile-bff", target), CancellationToken.None);
        await portal.Follower.FollowOnceAsync(CancellationToken.None);
        Assert.Equal(DeploymentStatus.Requested, (await portal.DeploymentAsync(deployment.Id)).Status);

        portal.Time.Advance(DeploymentFollower.InterruptedAfter + TimeSpan.FromSeconds(1));
        await portal.Follower.FollowOnceAsync(CancellationToken.None);

        // The host's own follower may have judged it too by now: in progress or already completed, never "not asked".
        var found = await portal.DeploymentAsync(deployment.Id);
        Assert.Contains(found.Status, Followed);
        var ecs = await portal.DescribeAsync("dev", "dev-app", "mobile-bff");
        Assert.Equal(ecs.Deployments.Single(d => d.Status == "PRIMARY" && d.TaskDefinition == target).Id, found.EcsDeploymentId);
        Assert.Equal(DeploymentStatus.Completed, (await portal.FollowToTheEndAsync(deployment.Id)).Status);
        Assert.False(await portal.IsLockedAsync("dev", "dev-app", "mobile-bff"));
    }

    [Fact]
    public async Task A_deployment_cut_off_before_its_update_is_not_deployed_and_says_whether_ecs_was_asked()
    {
        var (withTarget, _) = await CutOffAsync("recommendations", "dev-app");
        var (withoutTarget, _) = await CutOffAsync("admin-web", "dev-app", targetKnown: false);

        await portal.Follower.FollowOnceAsync(CancellationToken.None);
        Assert.Equal(DeploymentStatus.Requested, (await portal.DeploymentAsync(withTarget.Id)).Status);
        Assert.Equal(DeploymentStatus.Requested, (await portal.DeploymentAsync(withoutTarget.Id)).Status);

        portal.Time.Advance(DeploymentFollower.InterruptedAfter + TimeSpan.FromSeconds(1));
        await portal.Follower.FollowOnceAsync(CancellationToken.None);

        var notDeployed = await portal.DeploymentAsync(withTarget.Id);
        Assert.Equal(DeploymentStatus.Failed, notDeployed.Status);
        Assert.Contains("ECS lists no deployment of revision", notDeployed.Outcome, StringComparison.Ordinal);
        var notAsked = await portal.DeploymentAsync(withoutTarget.Id);
        Assert.Equal(DeploymentStatus.Failed, notAsked.Status);
        Assert.Contains("ECS was not asked to deploy", notAsked.Outcome, StringComparison.Ordinal);
        Assert.False(await portal.IsLockedAsync("dev", "dev-app", "recommendations"));
        Assert.False(await portal.IsLockedAsync("dev", "dev-app", "admin-web"));
    }

    /// <summary>A deployment as an apply leaves it when the host dies mid-way: Requested, locked, its target (an earlier revision) recorded or not.</summary>
    private async Task<(Deployment Deployment, string Target)> CutOffAsync(string service, string cluster, bool targetKnown = true)
    {
        var current = portal.Service("dev", service).Service.TaskDefinition;
        var target = $"{current.Arn[..current.Arn.LastIndexOf(':')]}:{current.Revision - 1}";
        var (deployment, _) = await portal.Ledger.RecordAsync(new Deployment
        {
            Id = Guid.CreateVersion7(),
            Kind = DeploymentKinds.Deploy,
            Source = DeploymentSources.Ui,
            Actor = "alice",
            Environment = "dev",
            Cluster = cluster,
            Service = service,
            IdempotencyKey = Key(),
            FromTaskDefinition = current.Arn,
            ToTaskDefinition = targetKnown ? target : null,
            Image = current.Image,
            Status = DeploymentStatus.Requested,
            RequestedAt = portal.Time.GetUtcNow(),
        }, portal.Time.GetUtcNow(), CancellationToken.None);
        Assert.Null(await portal.Services.GetRequiredService<ServiceLocks>().TryAcquireAsync(
            ServiceLocks.KeyOf("dev", cluster, service), deployment.Id, "alice", TimeSpan.FromMinutes(10), CancellationToken.None));
        return (deployment, target);
    }

    private async Task<DeployResult> DeployBuildAsync(string service)
    {
        using var alice = PersonScopes.Alice(portal.Services);
        var build = await portal.BuildAsync(service);
        var cluster = portal.Service("dev", service).Service.Cluster;
        return await Deployments(alice).DeployAsync(new DeployCommand("dev", cluster, service, DeployTarget.Build(build.Id), Key())).WaitAsync(RealTimeLimit);
    }

    private async Task<HttpClient> TokenClientAsync(string service)
    {
        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            "ci-" + Guid.NewGuid().ToString("N")[..10], new TokenScopes(["dev"], [service], ["deploy"]), "test", portal.Time.GetUtcNow().AddDays(1));
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    /// <summary>How many timers have been set for the answer budget so far.</summary>
    private int BudgetTimers() => portal.Time.Waits.Count(w => w == UnreliableAwsPortal.AnswerWithin);

    private static IDeployments Deployments(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<IDeployments>();

    private static string Key() => Guid.NewGuid().ToString("N");
}
