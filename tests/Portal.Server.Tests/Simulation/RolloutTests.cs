using System.Text.RegularExpressions;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

public partial class RolloutTests
{
    private static readonly CloudCaller DevReader = Callers.Read(Seeds.DevAccount);

    [Fact]
    public async Task A_faulty_build_trips_the_circuit_breaker_and_rolls_back_to_the_previous_revision()
    {
        var world = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());
        var ecs = new SimulatedEcs(world);
        var before = await ecs.DescribeOneAsync(DevReader, "dev-api", "tracking-api");
        Assert.EndsWith("task-definition/tracking-api:14", before.TaskDefinition, StringComparison.Ordinal);

        // Watch every second, as ECS's failed deployment only shows until its tasks are gone.
        EcsDeployment? failed = null;
        var deploymentCounts = new List<int>();
        for (var at = Seeds.Start.AddSeconds(1); at <= Seeds.Start.AddMinutes(10); at = at.AddSeconds(1))
        {
            world.AdvanceTo(at);
            var now = await ecs.DescribeOneAsync(DevReader, "dev-api", "tracking-api");
            failed ??= now.Deployments.FirstOrDefault(d => d.RolloutState == "FAILED");
            deploymentCounts.Add(now.Deployments.Count);
        }

        Assert.NotNull(failed);
        Assert.EndsWith("task-definition/tracking-api:15", failed.TaskDefinition, StringComparison.Ordinal);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", failed.RolloutStateReason);
        Assert.True(failed.FailedTasks >= ServiceStepper.CircuitBreakerThreshold(1));
        Assert.Contains(deploymentCounts, count => count > 1);

        var after = await ecs.DescribeOneAsync(DevReader, "dev-api", "tracking-api");
        var messages = after.Events.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => UnhealthyTarget().IsMatch(m));
        Assert.Contains($"(service tracking-api) (deployment {failed.Id}) deployment failed: tasks failed to start.", messages);
        var rollingBack = Assert.Single(messages, m => RollingBack().IsMatch(m));
        var rollbackId = RollingBack().Match(rollingBack).Groups["id"].Value;

        Assert.EndsWith("task-definition/tracking-api:14", after.TaskDefinition, StringComparison.Ordinal);
        var primary = Assert.Single(after.Deployments);
        Assert.Equal("PRIMARY", primary.Status);
        Assert.Equal(rollbackId, primary.Id);
        Assert.Equal("COMPLETED", primary.RolloutState);
        Assert.Equal(after.DesiredCount, after.RunningCount);
        Assert.Equal(0, after.PendingCount);
        Assert.Contains($"(service tracking-api) (deployment {rollbackId}) deployment completed.", messages);
        Assert.Equal("(service tracking-api) has reached a steady state.", messages[0]);

        var history = await ecs.ListServiceDeploymentsAsync(DevReader, new ListServiceDeploymentsRequest("tracking-api", "dev-api"), CancellationToken.None);
        var latest = history.ServiceDeployments[0];
        Assert.Equal("ROLLBACK_SUCCESSFUL", latest.Status);
        Assert.Equal("ECS deployment circuit breaker: tasks failed to start.", latest.StatusReason);
        Assert.NotNull(latest.FinishedAt);

        var detail = Assert.Single((await ecs.DescribeServiceDeploymentsAsync(DevReader,
            new DescribeServiceDeploymentsRequest([latest.ServiceDeploymentArn]), CancellationToken.None)).ServiceDeployments);
        Assert.Equal("TRIGGERED", detail.DeploymentCircuitBreaker?.Status);
        Assert.NotNull(detail.Rollback);
        Assert.Equal(history.ServiceDeployments[1].TargetServiceRevisionArn, detail.Rollback.ServiceRevisionArn);
    }

    [Fact]
    public async Task A_healthy_CI_build_rolls_out_drains_the_old_tasks_and_reaches_a_steady_state()
    {
        var world = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());
        var ecs = new SimulatedEcs(world);

        var (after, sawTwoDeployments, lowestRunning) = await WatchAsync(world, ecs, DevReader, "dev-app", "checkout-web", Seeds.Start.AddMinutes(10));

        Assert.True(sawTwoDeployments);
        Assert.EndsWith("task-definition/checkout-web:16", after.TaskDefinition, StringComparison.Ordinal);
        AssertSettled(after, lowestRunning);
        var messages = after.Events.Select(e => e.Message).ToList();
        Assert.Contains("(service checkout-web) has begun draining connections on 1 tasks.", messages);
        Assert.Contains(messages, m => m.StartsWith("(service checkout-web) has stopped 1 running tasks: (task ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("is unhealthy", StringComparison.Ordinal));
        var history = await ecs.ListServiceDeploymentsAsync(DevReader, new ListServiceDeploymentsRequest("checkout-web", "dev-app"), CancellationToken.None);
        Assert.Equal("SUCCESSFUL", history.ServiceDeployments[0].Status);
    }

    [Fact]
    public async Task An_update_by_a_Deployer_rolls_out_without_dropping_below_desired()
    {
        var world = new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions());
        var ecs = new SimulatedEcs(world);
        var deployer = Callers.As(Seeds.StageAccount, "Deployer", "sam");
        var reader = Callers.Read(Seeds.StageAccount);
        var before = await ecs.DescribeOneAsync(reader, "stage-api", "payments-api");
        Assert.EndsWith("task-definition/payments-api:10", before.TaskDefinition, StringComparison.Ordinal);

        var response = await ecs.UpdateServiceAsync(deployer, new UpdateServiceRequest("stage-api", "payments-api", TaskDefinition: "payments-api:11"), CancellationToken.None);
        Assert.Equal("IN_PROGRESS", response.Service.Deployments[0].RolloutState);
        var (after, sawTwoDeployments, lowestRunning) = await WatchAsync(world, ecs, reader, "stage-api", "payments-api", Seeds.Start.AddMinutes(5));

        Assert.True(sawTwoDeployments);
        Assert.EndsWith("task-definition/payments-api:11", after.TaskDefinition, StringComparison.Ordinal);
        Assert.Equal(2, after.DesiredCount);
        AssertSettled(after, lowestRunning);
        Assert.Contains("(service payments-api) has begun draining connections on 2 tasks.", after.Events.Select(e => e.Message));
        Assert.Contains($"(service payments-api) (deployment {response.Service.Deployments[0].Id}) deployment completed.", after.Events.Select(e => e.Message));
    }

    private static void AssertSettled(EcsService service, int lowestRunning)
    {
        var primary = Assert.Single(service.Deployments);
        Assert.Equal("PRIMARY", primary.Status);
        Assert.Equal("COMPLETED", primary.RolloutState);
        Assert.Equal(service.DesiredCount, service.RunningCount);
        Assert.Equal(service.DesiredCount, primary.RunningCount);
        Assert.Equal(0, service.PendingCount);
        Assert.Equal(0, primary.FailedTasks);
        Assert.True(lowestRunning >= service.DesiredCount, $"running dropped to {lowestRunning} during the rollout");
        Assert.Equal($"(service {service.ServiceName}) has reached a steady state.", service.Events[0].Message);
    }

    private static async Task<(EcsService After, bool SawTwoDeployments, int LowestRunning)> WatchAsync(
        SimulatedWorld world, SimulatedEcs ecs, CloudCaller caller, string cluster, string service, DateTimeOffset until)
    {
        var sawTwo = false;
        var lowest = int.MaxValue;
        for (var at = world.Now.AddSeconds(1); at <= until; at = at.AddSeconds(1))
        {
            world.AdvanceTo(at);
            var now = await ecs.DescribeOneAsync(caller, cluster, service);
            sawTwo |= now.Deployments.Count > 1;
            lowest = Math.Min(lowest, now.RunningCount);
        }

        return (await ecs.DescribeOneAsync(caller, cluster, service), sawTwo, lowest);
    }

    [GeneratedRegex(@"^\(service tracking-api\) \(task [0-9a-f]{32}\) \(port 8080\) is unhealthy in \(target-group arn:aws:elasticloadbalancing:eu-west-1:318274650192:targetgroup/dev-tracking-api/[0-9a-f]{16}\) due to \(reason Health checks failed\)\.$")]
    private static partial Regex UnhealthyTarget();

    [GeneratedRegex(@"^\(service tracking-api\) rolling back to deployment (?<id>ecs-svc/[0-9]{19})\.$")]
    private static partial Regex RollingBack();
}
