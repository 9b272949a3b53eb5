using Portal.Server.Fleet;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Fleet;

/// <summary>The poller reads a service's tasks only when something changed for it, batched and within a budget per refresh.</summary>
public class TaskReadsTests
{
    [Fact]
    public async Task A_first_refresh_reads_every_service_s_tasks_describing_a_hundred_at_a_time()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(95), pollingOptions: new PollingOptions { TaskReadsPerRefresh = 100 });

        var snapshot = await organization.Poller.RefreshAsync(organization.Environment("dev"), null, CancellationToken.None);

        var calls = organization.CallsByOperation();
        // RUNNING and STOPPED for each service; one cluster, so DescribeTasks batches across services.
        Assert.Equal(190, calls["ecs:ListTasks"]);
        var described = snapshot.Services.Sum(s => s.Tasks.Running.Count + s.Tasks.Stopped.Count);
        Assert.Equal((described + 99) / 100, calls["ecs:DescribeTasks"]);
        Assert.All(snapshot.Services, service =>
        {
            Assert.Equal(snapshot.TakenAt, service.Tasks.ReadAt);
            Assert.False(service.Tasks.Due);
            Assert.Equal(service.RunningCount + service.PendingCount, service.Tasks.Running.Count);
            Assert.All(service.Tasks.Running, task => Assert.Equal(service.TaskDefinition.Arn, task.TaskDefinitionArn));
        });
    }

    [Fact]
    public async Task A_refresh_where_nothing_changed_reads_no_tasks_and_one_that_changed_reads_only_that_service()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(95), pollingOptions: new PollingOptions { TaskReadsPerRefresh = 100 });
        var dev = organization.Environment("dev");
        var first = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        var before = organization.CallsByOperation();

        organization.Advance(TimeSpan.FromSeconds(15));
        var second = await organization.Poller.RefreshAsync(dev, first, CancellationToken.None);
        var steady = organization.CallsByOperation();
        Assert.Equal(before["ecs:ListTasks"], steady["ecs:ListTasks"]);
        Assert.Equal(before["ecs:DescribeTasks"], steady["ecs:DescribeTasks"]);
        Assert.Equal(first.Services.Select(s => s.Tasks), second.Services.Select(s => s.Tasks));

        var crashing = organization.World.Services.First(s => s.Account.Environment.Name == "dev" && s.DesiredCount > 0);
        lock (organization.World.Gate)
        {
            organization.World.StopTask(crashing, TaskStops.OutOfMemory(organization.World.Now));
        }

        organization.Advance(TimeSpan.FromSeconds(15));
        var third = await organization.Poller.RefreshAsync(dev, second, CancellationToken.None);
        var changed = organization.CallsByOperation();
        Assert.Equal(steady["ecs:ListTasks"] + 2, changed["ecs:ListTasks"]);
        Assert.Equal(steady["ecs:DescribeTasks"] + 1, changed["ecs:DescribeTasks"]);
        var service = third.Services.Single(s => s.Name == crashing.Name);
        var stopped = service.Tasks.Stopped.First();
        Assert.Equal("STOPPED", stopped.LastStatus);
        Assert.Equal("EssentialContainerExited", stopped.StopCode);
        Assert.Equal("OutOfMemoryError: Container killed due to memory usage, exit 137", stopped.StopSummary);
        Assert.Equal(third.TakenAt, service.Tasks.ReadAt);
        Assert.All(third.Services.Where(s => s.Name != crashing.Name), s => Assert.Equal(first.TakenAt, s.Tasks.ReadAt));
    }

    [Fact]
    public async Task After_a_restart_the_tasks_are_read_a_budget_at_a_time_until_every_service_is_read()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(95), pollingOptions: new PollingOptions { TaskReadsPerRefresh = 40 });
        var dev = organization.Environment("dev");

        var first = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        Assert.Equal(80, organization.CallsByOperation()["ecs:ListTasks"]);
        Assert.Equal(40, first.Services.Count(s => s.Tasks.ReadAt is not null));
        Assert.Equal(55, first.Services.Count(s => s.Tasks.Due));

        organization.Advance(TimeSpan.FromSeconds(15));
        var second = await organization.Poller.RefreshAsync(dev, first, CancellationToken.None);
        organization.Advance(TimeSpan.FromSeconds(15));
        var third = await organization.Poller.RefreshAsync(dev, second, CancellationToken.None);

        Assert.Equal(190, organization.CallsByOperation()["ecs:ListTasks"]);
        Assert.All(third.Services, s => Assert.NotNull(s.Tasks.ReadAt));
        Assert.DoesNotContain(third.Services, s => s.Tasks.Due);
    }
}
