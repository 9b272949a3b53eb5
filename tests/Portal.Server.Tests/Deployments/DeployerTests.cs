using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Deployments;

/// <summary>The deploy engine against the simulated organization: guards, ledger, rollout to its end, rollback.</summary>
public sealed class DeployerTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    private static readonly TimeSpan RolloutWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_build_deployed_to_stage_is_registered_rolled_out_and_recorded_completed()
    {
        var before = portal.Service("stage", "orders-api").Service.TaskDefinition;
        var build = await BuildAsync("orders-api");
        using var scope = PersonScopes.Alice(portal.Services);

        var result = await Deployments(scope).DeployAsync(new DeployCommand("stage", "stage-api", "orders-api", DeployTarget.Build(build.Id), Key()));

        Assert.True(result.Accepted, result.Problem?.Message);
        var started = result.Deployment!;
        Assert.Equal("alice", started.Actor);
        Assert.Equal(DeploymentStatus.InProgress, started.Status);
        Assert.Equal(before.Arn, started.FromTaskDefinition);
        Assert.Equal(before.Family, TaskDefinitionArns.Family(started.ToTaskDefinition!));
        Assert.True(TaskDefinitionArns.Revision(started.ToTaskDefinition!) > before.Revision);
        Assert.NotNull(started.EcsDeploymentId);

        var finished = await FinishedAsync(started.Id);
        Assert.Equal(DeploymentStatus.Completed, finished.Status);
        Assert.NotNull(finished.UpdatedServiceAt);
        Assert.NotNull(finished.FinishedAt);
        Assert.Equal(build.Image, finished.Image);
    }

    [Fact]
    public async Task A_build_deploy_keeps_the_running_revisions_roles_secrets_logs_health_check_sidecar_and_tags()
    {
        var before = portal.Service("stage", "payments-api").Service.TaskDefinition.Arn;
        var build = await BuildAsync("payments-api");
        using var scope = PersonScopes.Alice(portal.Services);

        var result = await Deployments(scope).DeployAsync(new DeployCommand("stage", "stage-api", "payments-api", DeployTarget.Build(build.Id), Key()));

        Assert.True(result.Accepted, result.Problem?.Message);
        var running = await DescribeRevisionAsync("stage", before);
        var made = await DescribeRevisionAsync("stage", result.Deployment!.ToTaskDefinition!);
        Assert.True(RevisionContent.Of(made).SameAs(RevisionContent.Of(running).WithImage("payments-api", build.Image)),
            $"{made.Document.ToJsonString()} is not {running.Document.ToJsonString()} with the image {build.Image}");
        Assert.NotNull(made.Document["executionRoleArn"]);
        Assert.NotNull(made.Document["taskRoleArn"]);
        var app = made.Document["containerDefinitions"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "payments-api")!;
        Assert.Equal(["DB_PASSWORD", "PSP_API_KEY"], app["secrets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal("datadog-agent", app["dependsOn"]![0]!["containerName"]!.GetValue<string>());
        Assert.NotEmpty(made.Tags);
        Assert.Equal(DeploymentStatus.Completed, (await FinishedAsync(result.Deployment.Id)).Status);
    }

    [Fact]
    public async Task The_faulty_build_in_prod_is_rolled_back_by_the_circuit_breaker_and_recorded_so()
    {
        var before = portal.Service("prod", "tracking-api").Service.TaskDefinition.Arn;
        var faulty = (await portal.Services.GetRequiredService<BuildCatalog>().OfServiceAsync("tracking-api", 10, CancellationToken.None)).First(b => b.CommitSha == "9c41f2e");
        using var scope = PersonScopes.Alice(portal.Services);

        var result = await Deployments(scope).DeployAsync(new DeployCommand(
            "prod", "prod-api", "tracking-api", DeployTarget.Build(faulty.Id), Key(), Reason: "try the pool", Confirmation: "tracking-api"));

        Assert.True(result.Accepted, result.Problem?.Message);
        var finished = await FinishedAsync(result.Deployment!.Id);
        Assert.Equal(DeploymentStatus.RolledBack, finished.Status);
        Assert.Contains("circuit breaker", finished.Outcome, StringComparison.OrdinalIgnoreCase);
        var ecs = await DescribeAsync("prod", "prod-api", "tracking-api");
        Assert.Equal(before, ecs.TaskDefinition);
    }

    [Fact]
    public async Task A_completed_deploy_is_rolled_back_in_one_call_to_the_revision_it_replaced()
    {
        var before = portal.Service("dev", "identity-api").Service.TaskDefinition.Arn;
        var build = await BuildAsync("identity-api");
        using var scope = PersonScopes.Alice(portal.Services);
        var deployed = await FinishedAsync((await Deployments(scope).DeployAsync(new DeployCommand("dev", "dev-api", "identity-api", DeployTarget.Build(build.Id), Key()))).Deployment!.Id);
        Assert.Equal(DeploymentStatus.Completed, deployed.Status);
        await WaitForSnapshotAsync("dev", "identity-api", deployed.ToTaskDefinition!);

        var choices = await Deployments(scope).ChoicesAsync("dev", "dev-api", "identity-api");
        Assert.Equal(before, choices!.Rollback!.TaskDefinition);

        var rollback = await Deployments(scope).RollbackAsync(new RollbackCommand("dev", "dev-api", "identity-api", Key()));

        Assert.True(rollback.Accepted, rollback.Problem?.Message);
        Assert.Equal(DeploymentKinds.Rollback, rollback.Deployment!.Kind);
        Assert.Equal(before, rollback.Deployment.ToTaskDefinition);
        Assert.Equal(DeploymentStatus.Completed, (await FinishedAsync(rollback.Deployment.Id)).Status);
        Assert.Equal(before, (await DescribeAsync("dev", "dev-api", "identity-api")).TaskDefinition);
    }

    [Fact]
    public async Task A_rollback_during_a_rollout_stops_it_and_returns_to_the_revision_before_it()
    {
        var before = portal.Service("dev", "pricing-api").Service.TaskDefinition.Arn;
        var build = await BuildAsync("pricing-api");
        using var scope = PersonScopes.Alice(portal.Services);
        var started = await Deployments(scope).DeployAsync(new DeployCommand("dev", "dev-api", "pricing-api", DeployTarget.Build(build.Id), Key()));
        Assert.Equal(DeploymentStatus.InProgress, started.Deployment!.Status);

        var rollback = await Deployments(scope).RollbackAsync(new RollbackCommand("dev", "dev-api", "pricing-api", Key(), Reason: "wrong build"));

        Assert.True(rollback.Accepted, rollback.Problem?.Message);
        Assert.Equal(before, rollback.Deployment!.ToTaskDefinition);
        var stopped = await portal.Services.GetRequiredService<DeploymentLedger>().FindAsync(started.Deployment.Id, CancellationToken.None);
        Assert.Equal(DeploymentStatus.Stopped, stopped!.Status);
        Assert.Contains("Stopped by alice's rollback", stopped.Outcome, StringComparison.Ordinal);
        Assert.Equal(DeploymentStatus.Completed, (await FinishedAsync(rollback.Deployment.Id)).Status);
        Assert.Equal(before, (await DescribeAsync("dev", "dev-api", "pricing-api")).TaskDefinition);
    }

    [Fact]
    public async Task Two_simultaneous_deploys_of_one_service_one_proceeds_the_other_is_told_who_holds_it()
    {
        var builds = await portal.Services.GetRequiredService<BuildCatalog>().OfServiceAsync("checkout-web", 10, CancellationToken.None);
        var revisionsBefore = await RevisionCountAsync("stage", "checkout-web");
        using var first = PersonScopes.Alice(portal.Services);
        using var second = PersonScopes.For(portal.Services, "sam", ("stage", "Deployer"));

        var results = await Task.WhenAll(
            Deployments(first).DeployAsync(new DeployCommand("stage", "stage-app", "checkout-web", DeployTarget.Build(builds[0].Id), Key())),
            Deployments(second).DeployAsync(new DeployCommand("stage", "stage-app", "checkout-web", DeployTarget.Build(builds[0].Id), Key())));

        Assert.Single(results, r => r.Accepted);
        var refused = Assert.Single(results, r => !r.Accepted);
        Assert.Equal(DeployProblemKind.Conflict, refused.Problem!.Kind);
        Assert.Contains("is being deployed by", refused.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(revisionsBefore + 1, await RevisionCountAsync("stage", "checkout-web"));
        await FinishedAsync(results.Single(r => r.Accepted).Deployment!.Id);
    }

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_idempotency_key_make_one_deployment()
    {
        var build = await BuildAsync("catalog-api");
        var key = Key();
        var scopes = Enumerable.Range(0, 50).Select(_ => PersonScopes.Alice(portal.Services)).ToList();
        try
        {
            var results = await Task.WhenAll(scopes.Select(s =>
                Deployments(s).DeployAsync(new DeployCommand("dev", "dev-api", "catalog-api", DeployTarget.Build(build.Id), key))));

            Assert.All(results, r => Assert.True(r.Accepted, r.Problem?.Message));
            Assert.Single(results.Select(r => r.Deployment!.Id).Distinct());
            var ledger = await portal.Services.GetRequiredService<DeploymentLedger>().OfServiceAsync("dev", "dev-api", "catalog-api", 100, CancellationToken.None);
            Assert.Single(ledger, d => d.IdempotencyKey == key);
            await FinishedAsync(results[0].Deployment!.Id);
        }
        finally
        {
            scopes.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Refusals_name_what_to_fix_and_change_nothing()
    {
        var revisions = await RevisionCountAsync("prod", "orders-api");
        var ordersBuild = await BuildAsync("orders-api");
        var otherBuild = await BuildAsync("payments-api");
        using var alice = PersonScopes.Alice(portal.Services);
        using var oscar = PersonScopes.For(portal.Services, "oscar", ("dev", "ReadOnly"), ("stage", "ReadOnly"), ("prod", "ReadOnly"));
        using var dmitri = PersonScopes.For(portal.Services, "dmitri", ("dev", "Deployer"));
        var deploy = (DeployTarget target, string? reason, string? confirmation) =>
            new DeployCommand("prod", "prod-api", "orders-api", target, Key(), reason, confirmation);

        var unknownBuild = await Deployments(alice).DeployAsync(deploy(DeployTarget.Build(Guid.NewGuid()), "r", "orders-api"));
        var wrongService = await Deployments(alice).DeployAsync(deploy(DeployTarget.Build(otherBuild.Id), "r", "orders-api"));
        var otherFamily = await Deployments(alice).DeployAsync(deploy(DeployTarget.Revision(portal.Service("prod", "payments-api").Service.TaskDefinition.Arn), "r", "orders-api"));
        var noReason = await Deployments(alice).DeployAsync(deploy(DeployTarget.Build(ordersBuild.Id), null, "orders-api"));
        var noConfirmation = await Deployments(alice).DeployAsync(deploy(DeployTarget.Build(ordersBuild.Id), "r", "orders"));
        var readOnly = await Deployments(oscar).DeployAsync(deploy(DeployTarget.Build(ordersBuild.Id), "r", "orders-api"));
        var invisible = await Deployments(dmitri).DeployAsync(deploy(DeployTarget.Build(ordersBuild.Id), "r", "orders-api"));

        Assert.Equal(DeployProblemKind.Invalid, unknownBuild.Problem!.Kind);
        Assert.Contains("no announced build", unknownBuild.Problem.Message, StringComparison.Ordinal);
        Assert.Contains("is a build of payments-api", wrongService.Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("is not a revision of", otherFamily.Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("say why", noReason.Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("type the service name", noConfirmation.Problem!.Message, StringComparison.Ordinal);
        Assert.Equal(DeployProblemKind.Forbidden, readOnly.Problem!.Kind);
        Assert.Contains("needs the Deployer or Administrator role", readOnly.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(DeployProblemKind.NotFound, invisible.Problem!.Kind);
        Assert.Equal(revisions, await RevisionCountAsync("prod", "orders-api"));
        var ledger = await portal.Services.GetRequiredService<DeploymentLedger>().OfServiceAsync("prod", "prod-api", "orders-api", 100, CancellationToken.None);
        Assert.Empty(ledger);
    }

    [Fact]
    public async Task Someone_deploying_in_between_is_a_conflict_naming_what_runs_now()
    {
        var build = await BuildAsync("search-api");
        using var scope = PersonScopes.Alice(portal.Services);

        var result = await Deployments(scope).DeployAsync(new DeployCommand(
            "dev", "dev-api", "search-api", DeployTarget.Build(build.Id), Key(), ExpectedTaskDefinition: "arn:aws:ecs:eu-west-1:318274650192:task-definition/search-api:1"));

        Assert.Equal(DeployProblemKind.Conflict, result.Problem!.Kind);
        Assert.Contains("changed since you looked", result.Problem.Message, StringComparison.Ordinal);
    }

    private static IDeployments Deployments(IServiceScope scope) => scope.ServiceProvider.GetRequiredService<IDeployments>();

    private static string Key() => Guid.NewGuid().ToString("N");

    private async Task<AnnouncedBuild> BuildAsync(string service)
    {
        var (build, _) = await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            service, $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/{service}:{Guid.NewGuid().ToString("N")[..7]}", "abc1234", "Test build", "tester", null, "test", CancellationToken.None);
        return build;
    }

    private Task<Deployment> FinishedAsync(Guid id) =>
        DeployPortal.EventuallyAsync(
            async () => (await portal.Services.GetRequiredService<DeploymentLedger>().FindAsync(id, CancellationToken.None))!,
            d => d.IsFinished,
            RolloutWithin);

    private async Task WaitForSnapshotAsync(string environment, string service, string taskDefinition) =>
        await DeployPortal.EventuallyAsync(() => Task.FromResult(portal.Service(environment, service).Service.TaskDefinition.Arn), arn => arn == taskDefinition, TimeSpan.FromSeconds(10));

    private async Task<EcsService> DescribeAsync(string environment, string cluster, string service)
    {
        var fleet = portal.Services.GetRequiredService<IEnvironmentCatalog>().Environments.First(e => e.Name == environment);
        var described = await portal.Services.GetRequiredService<IEcs>().DescribeServicesAsync(fleet.ReadCaller, new DescribeServicesRequest(cluster, [service]), CancellationToken.None);
        return described.Services.Single();
    }

    private async Task<EcsTaskDefinition> DescribeRevisionAsync(string environment, string arn)
    {
        var fleet = portal.Services.GetRequiredService<IEnvironmentCatalog>().Environments.First(e => e.Name == environment);
        var described = await portal.Services.GetRequiredService<IEcs>().DescribeTaskDefinitionAsync(fleet.ReadCaller, new DescribeTaskDefinitionRequest(arn, IncludeTags: true), CancellationToken.None);
        return described.TaskDefinition;
    }

    private async Task<int> RevisionCountAsync(string environment, string service)
    {
        var fleet = portal.Services.GetRequiredService<IEnvironmentCatalog>().Environments.First(e => e.Name == environment);
        var family = portal.Service(environment, service).Service.TaskDefinition.Family;
        var ecs = portal.Services.GetRequiredService<IEcs>();
        var count = 0;
        for (var revision = 1; revision < 200; revision++)
        {
            try
            {
                var arn = $"arn:aws:ecs:eu-west-1:{fleet.Info.AccountId}:task-definition/{family}:{revision}";
                await ecs.DescribeTaskDefinitionAsync(fleet.ReadCaller, new DescribeTaskDefinitionRequest(arn), CancellationToken.None);
                count++;
            }
            catch (Portal.Server.Cloud.CloudException)
            {
                break;
            }
        }

        return count;
    }
}
