using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Server.Tests.Support;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Live;

/// <summary>The follower's read of one service laid into the environment's snapshot.</summary>
public sealed class ReplaceServiceTests
{
    [Fact]
    public async Task One_service_is_replaced_the_others_and_the_snapshots_read_times_stay_and_pages_are_told()
    {
        using var organization = new TestOrganization(Seeds.Real);
        await organization.RefreshAllAsync();
        var before = organization.Store.Get("dev").Snapshot!;
        var target = before.Services.First();
        var changed = new List<string>();
        organization.Store.Changed += changed.Add;
        organization.Advance(TimeSpan.FromSeconds(4));
        var readAt = organization.Time.GetUtcNow();

        var replaced = organization.Store.ReplaceService("dev", target.Cluster, target.Name, s => s with { RunningCount = s.RunningCount + 1, ReadAt = readAt });

        Assert.True(replaced);
        Assert.Equal(["dev"], changed);
        var after = organization.Store.Get("dev").Snapshot!;
        Assert.Equal(before.TakenAt, after.TakenAt);
        Assert.Equal(before.CloudWatch, after.CloudWatch);
        var service = after.Services.Single(s => s.Cluster == target.Cluster && s.Name == target.Name);
        Assert.Equal(target.RunningCount + 1, service.RunningCount);
        Assert.Equal(readAt, service.ReadAt);
        Assert.Equal(
            before.Services.Where(s => s != target).ToList(),
            after.Services.Where(s => !(s.Cluster == target.Cluster && s.Name == target.Name)).ToList());
        Assert.Equal(before.Services.Select(s => (s.Cluster, s.Name)), after.Services.Select(s => (s.Cluster, s.Name)));
    }

    [Fact]
    public async Task Nothing_is_replaced_or_raised_without_a_snapshot_or_without_the_service()
    {
        using var organization = new TestOrganization(Seeds.Real);
        var changed = 0;
        organization.Store.Changed += _ => changed++;

        Assert.False(organization.Store.ReplaceService("dev", "dev-api", "identity-api", s => s));
        await organization.RefreshAllAsync();
        changed = 0;
        Assert.False(organization.Store.ReplaceService("dev", "dev-api", "no-such-service", s => s));
        Assert.Equal(0, changed);
    }

    [Fact]
    public async Task A_rollout_read_moves_counts_deployments_and_events_and_keeps_the_pollers_metrics_and_alarms()
    {
        using var organization = new TestOrganization(Seeds.Real);
        await organization.RefreshAllAsync();
        var known = organization.Store.Get("dev").Snapshot!.Services.First(s => s.Cpu.Points.Count > 0);
        var readAt = organization.Time.GetUtcNow().AddSeconds(2);
        var rolling = new EcsDeployment("ecs-svc/2", "PRIMARY", known.TaskDefinition.Arn.Replace($":{known.TaskDefinition.Revision}", $":{known.TaskDefinition.Revision + 1}", StringComparison.Ordinal),
            known.DesiredCount, 1, 1, 0, readAt.AddMinutes(-1), readAt, "IN_PROGRESS", null);
        var draining = new EcsDeployment("ecs-svc/1", "ACTIVE", known.TaskDefinition.Arn, known.DesiredCount, 0, known.DesiredCount, 0, readAt.AddHours(-1), readAt, "COMPLETED", null);
        var read = new EcsService(known.Arn, known.Name, "arn:cluster", "ACTIVE", known.DesiredCount, known.DesiredCount + 1, 1, known.TaskDefinition.Arn,
            [rolling, draining], [new EcsServiceEvent("e1", readAt, $"(service {known.Name}) has started 1 tasks: (task abc).")], [], readAt.AddDays(-30));

        var updated = FollowedService.Update(known, read, readAt);

        Assert.Equal(known.DesiredCount + 1, updated.RunningCount);
        Assert.Equal(1, updated.PendingCount);
        Assert.Equal(["ecs-svc/2", "ecs-svc/1"], updated.Deployments.Select(d => d.Id));
        Assert.Equal(RolloutState.InProgress, updated.Primary!.RolloutState);
        Assert.Equal(1, updated.Primary.RunningCount);
        Assert.Equal("e1", updated.Events[0].Id);
        Assert.Equal(readAt, updated.ReadAt);
        Assert.Same(known.Cpu, updated.Cpu);
        Assert.Same(known.Alarms, updated.Alarms);
        Assert.Equal(known.CloudWatchReadAt, updated.CloudWatchReadAt);
        Assert.Same(known.TaskDefinition, updated.TaskDefinition);
    }
}
