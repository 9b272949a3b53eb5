using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Fleet;

public class PollerBatchingTests
{
    [Fact]
    public async Task A_cluster_of_95_services_is_read_in_ten_DescribeServices_calls_one_list_page_and_one_metric_call()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(95));
        var dev = organization.Environment("dev");

        var snapshot = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);

        Assert.Equal(95, snapshot.Services.Count());
        Assert.Equal(10, organization.Meter.Count("ecs", "DescribeServices"));
        Assert.Equal(1, organization.Meter.Count("ecs", "ListServices"));
        Assert.Equal(1, organization.Meter.Count("ecs", "ListClusters"));
        Assert.Equal(1, organization.Meter.Count("ecs", "DescribeClusters"));
        Assert.Equal(95, organization.Meter.Count("ecs", "DescribeTaskDefinition"));
        Assert.Equal(1, organization.Meter.Count("cloudwatch", "GetMetricData"));
        // Two alarms per service, at most 100 per DescribeAlarms page.
        Assert.Equal(2, organization.Meter.Count("cloudwatch", "DescribeAlarms"));
        Assert.All(organization.Meter.Totals(), call => Assert.Equal("success", call.Key.Outcome));
        Assert.All(snapshot.Services, service =>
        {
            Assert.NotEmpty(service.Cpu.Points);
            Assert.NotEmpty(service.Memory.Points);
            Assert.Equal(2, service.TaskDefinition.Revision);
        });
    }

    [Fact]
    public async Task Task_definitions_already_described_are_not_described_again()
    {
        using var organization = new TestOrganization(Seeds.Synthetic(95));
        var dev = organization.Environment("dev");
        var first = await organization.Poller.RefreshAsync(dev, null, CancellationToken.None);
        var before = organization.CallsByOperation();

        organization.Advance(TimeSpan.FromSeconds(15));
        var second = await organization.Poller.RefreshAsync(dev, first, CancellationToken.None);

        var after = organization.CallsByOperation();
        Assert.Equal(before["ecs:DescribeTaskDefinition"], after["ecs:DescribeTaskDefinition"]);
        Assert.Equal(before["ecs:DescribeServices"] + 10, after["ecs:DescribeServices"]);
        Assert.Equal(first.Services.Select(s => s.TaskDefinition), second.Services.Select(s => s.TaskDefinition));
    }

    [Theory]
    [InlineData(new[] { 150 }, 2, 15, 1)]
    [InlineData(new[] { 300 }, 3, 30, 2)]
    [InlineData(new[] { 120, 130 }, 4, 25, 1)]
    public async Task Large_fleets_are_paged_and_batched_to_the_API_limits(int[] servicesPerCluster, int listPages, int describeCalls, int metricCalls)
    {
        using var organization = new TestOrganization(Seeds.Synthetic(servicesPerCluster));

        var snapshot = await organization.Poller.RefreshAsync(organization.Environment("dev"), null, CancellationToken.None);

        Assert.Equal(servicesPerCluster.Sum(), snapshot.Services.Count());
        Assert.Equal(servicesPerCluster, snapshot.Clusters.Select(c => c.Services.Count));
        Assert.Equal(listPages, organization.Meter.Count("ecs", "ListServices"));
        Assert.Equal(describeCalls, organization.Meter.Count("ecs", "DescribeServices"));
        Assert.Equal(metricCalls, organization.Meter.Count("cloudwatch", "GetMetricData"));
        Assert.All(organization.Meter.Totals(), call => Assert.Equal("success", call.Key.Outcome));

        // Results of every GetMetricData batch land on the right service and metric: the synthetic
        // services run near 30 % CPU and 40 % memory, so a mix-up shows.
        Assert.All(snapshot.Services, service =>
        {
            Assert.NotEmpty(service.Cpu.Points);
            Assert.NotEmpty(service.Memory.Points);
            Assert.All(service.Cpu.Points, p => Assert.InRange(p.Value, 20, 37));
            Assert.All(service.Memory.Points, p => Assert.InRange(p.Value, 37, 45));
        });
    }
}
