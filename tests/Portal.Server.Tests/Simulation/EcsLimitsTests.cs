using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

public class EcsLimitsTests
{
    private static readonly CloudCaller ProdReader = Callers.Read(Seeds.ProdAccount);

    private readonly SimulatedWorld _world = new(Seeds.Real, Seeds.Start, new SimulationOptions());

    [Fact]
    public async Task DescribeServices_takes_at_most_ten_services()
    {
        var ecs = new SimulatedEcs(_world);
        var names = (await ecs.DescribeEverythingAsync(ProdReader)).Select(s => s.ServiceName).ToList();
        var cluster = "prod-api";

        var tooMany = await Assert.ThrowsAsync<CloudValidationException>(() =>
            ecs.DescribeServicesAsync(ProdReader, new DescribeServicesRequest(cluster, names.Take(11).ToList()), CancellationToken.None));
        Assert.Contains("at most 10", tooMany.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CloudValidationException>(() =>
            ecs.DescribeServicesAsync(ProdReader, new DescribeServicesRequest(cluster, []), CancellationToken.None));

        var ten = await ecs.DescribeServicesAsync(ProdReader,
            new DescribeServicesRequest(cluster, await ecs.ListAllServicesAsync(ProdReader, cluster, 10)), CancellationToken.None);
        Assert.Equal(10, ten.Services.Count);
    }

    [Fact]
    public async Task DescribeServices_reports_unknown_services_as_failures()
    {
        var ecs = new SimulatedEcs(_world);

        var response = await ecs.DescribeServicesAsync(ProdReader, new DescribeServicesRequest("prod-api", ["tracking-api", "no-such-service"]), CancellationToken.None);

        Assert.Equal("tracking-api", Assert.Single(response.Services).ServiceName);
        var failure = Assert.Single(response.Failures);
        Assert.Equal("MISSING", failure.Reason);
        Assert.EndsWith("service/prod-api/no-such-service", failure.Arn, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CloudNotFoundException>(() =>
            ecs.DescribeServicesAsync(ProdReader, new DescribeServicesRequest("prod-nowhere", ["tracking-api"]), CancellationToken.None));
    }

    [Fact]
    public async Task ListServices_pages_with_next_tokens()
    {
        var ecs = new SimulatedEcs(_world);
        var all = (await ecs.ListServicesAsync(ProdReader, new ListServicesRequest("prod-api", MaxResults: 100), CancellationToken.None));
        Assert.Null(all.NextToken);
        Assert.Equal(10, all.ServiceArns.Count);

        var pages = new List<IReadOnlyList<string>>();
        string? token = null;
        do
        {
            var page = await ecs.ListServicesAsync(ProdReader, new ListServicesRequest("prod-api", token, MaxResults: 3), CancellationToken.None);
            pages.Add(page.ServiceArns);
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal([3, 3, 3, 1], pages.Select(p => p.Count));
        Assert.Equal(all.ServiceArns, pages.SelectMany(p => p));

        // Without maxResults ECS returns 10 per page.
        var synthetic = new SimulatedEcs(new SimulatedWorld(Seeds.Synthetic(25), Seeds.Start, new SimulationOptions()));
        var dev = Callers.Read(Seeds.DevAccount);
        var first = await synthetic.ListServicesAsync(dev, new ListServicesRequest("dev-c0"), CancellationToken.None);
        Assert.Equal(10, first.ServiceArns.Count);
        Assert.NotNull(first.NextToken);
        Assert.Equal(25, (await synthetic.ListAllServicesAsync(dev, "dev-c0", 100)).Distinct().Count());
    }

    [Fact]
    public async Task A_next_token_that_ECS_did_not_issue_is_rejected()
    {
        var ecs = new SimulatedEcs(_world);

        await Assert.ThrowsAsync<CloudValidationException>(() =>
            ecs.ListServicesAsync(ProdReader, new ListServicesRequest("prod-api", "not a token!"), CancellationToken.None));
    }

    [Fact]
    public async Task GetMetricData_takes_at_most_500_queries()
    {
        var cloudWatch = new SimulatedCloudWatch(_world);
        var queries = Enumerable.Range(0, 501)
            .Select(i => new MetricDataQuery($"q{i}", new MetricStat(new Metric("AWS/ECS", "CPUUtilization",
                [new Dimension("ClusterName", "prod-api"), new Dimension("ServiceName", "tracking-api")]), 300, "Average")))
            .ToList();

        await Assert.ThrowsAsync<CloudValidationException>(() => cloudWatch.GetMetricDataAsync(ProdReader,
            new GetMetricDataRequest(queries, Seeds.Start.AddHours(-1), Seeds.Start), CancellationToken.None));
        var answered = await cloudWatch.GetMetricDataAsync(ProdReader,
            new GetMetricDataRequest(queries.Take(500).ToList(), Seeds.Start.AddHours(-1), Seeds.Start), CancellationToken.None);
        Assert.Equal(500, answered.MetricDataResults.Count);
    }
}
