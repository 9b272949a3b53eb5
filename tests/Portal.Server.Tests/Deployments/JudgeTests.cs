using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Deployments;

/// <summary>How the follower reads a rollout from what ECS reports.</summary>
public sealed class JudgeTests
{
    private const string From = "arn:aws:ecs:eu-west-1:1:task-definition/web:4";
    private const string To = "arn:aws:ecs:eu-west-1:1:task-definition/web:5";

    [Theory]
    [InlineData("IN_PROGRESS", To, null)]
    [InlineData("COMPLETED", To, DeploymentStatus.Completed)]
    [InlineData("FAILED", From, DeploymentStatus.RolledBack)]
    [InlineData("FAILED", To, DeploymentStatus.Failed)]
    public void A_listed_rollout_ends_by_its_rollout_state(string rolloutState, string running, DeploymentStatus? expected)
    {
        var service = Service(running, [Rollout("ecs-svc/1", rolloutState, To)], []);

        Assert.Equal(expected, DeploymentFollower.Judge(Ledger(), service, service.Deployments[0]).Status);
    }

    [Fact]
    public void A_rollout_gone_with_its_revision_running_and_completed_is_completed()
    {
        var service = Service(To, [Rollout("ecs-svc/2", "COMPLETED", To)], []);

        Assert.Equal(DeploymentStatus.Completed, DeploymentFollower.Judge(Ledger(), service, rollout: null).Status);
    }

    [Fact]
    public void A_rollout_gone_after_a_circuit_breaker_failure_event_is_rolled_back()
    {
        var service = Service(From, [Rollout("ecs-svc/3", "COMPLETED", From)],
            [new EcsServiceEvent("e1", DateTimeOffset.UtcNow, "(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.")]);

        var (status, outcome) = DeploymentFollower.Judge(Ledger(), service, rollout: null);

        Assert.Equal(DeploymentStatus.RolledBack, status);
        Assert.Contains("tasks failed to start", outcome, StringComparison.Ordinal);
        Assert.Contains("revision 4", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rollout_gone_without_a_failure_was_replaced()
    {
        var service = Service(From, [Rollout("ecs-svc/3", "COMPLETED", From)], []);

        Assert.Equal(DeploymentStatus.Stopped, DeploymentFollower.Judge(Ledger(), service, rollout: null).Status);
    }

    [Fact]
    public void A_rollout_ecs_does_not_list_yet_is_not_ended()
    {
        // ECS answered with the deployment that ran before this one was asked for, and nothing newer.
        var requestedAt = DateTimeOffset.UtcNow;
        var before = Rollout("ecs-svc/0", "COMPLETED", From) with { CreatedAt = requestedAt.AddHours(-2) };
        var service = Service(From, [before], []);
        var deployment = Ledger();
        deployment.RequestedAt = requestedAt;

        Assert.Equal((null, null), DeploymentFollower.Judge(deployment, service, rollout: null));
    }

    private static Deployment Ledger() => new()
    {
        Kind = DeploymentKinds.Deploy,
        Source = DeploymentSources.Ui,
        Actor = "alice",
        Environment = "dev",
        Cluster = "dev-api",
        Service = "web",
        IdempotencyKey = "k",
        FromTaskDefinition = From,
        ToTaskDefinition = To,
        Image = "repo/web:5",
        EcsDeploymentId = "ecs-svc/1",
        Status = DeploymentStatus.InProgress,
    };

    private static EcsDeployment Rollout(string id, string rolloutState, string taskDefinition) =>
        new(id, "PRIMARY", taskDefinition, 2, 0, 2, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, rolloutState, null);

    private static EcsService Service(string running, IReadOnlyList<EcsDeployment> deployments, IReadOnlyList<EcsServiceEvent> events) =>
        new("arn", "web", "cluster", "ACTIVE", 2, 2, 0, running, deployments, events, [], DateTimeOffset.UtcNow);
}
