using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Tests.Support;

internal static class EcsReads
{
    public static async Task<EcsService> DescribeOneAsync(this IEcs ecs, CloudCaller caller, string cluster, string service)
    {
        var response = await ecs.DescribeServicesAsync(caller, new DescribeServicesRequest(cluster, [service], IncludeTags: true), CancellationToken.None);
        Assert.Empty(response.Failures);
        return Assert.Single(response.Services);
    }

    /// <summary>Every service of the account, as DescribeServices returns them, in cluster then list order.</summary>
    public static async Task<List<EcsService>> DescribeEverythingAsync(this IEcs ecs, CloudCaller caller)
    {
        var services = new List<EcsService>();
        var clusters = await ecs.ListClustersAsync(caller, new ListClustersRequest(MaxResults: 100), CancellationToken.None);
        foreach (var cluster in clusters.ClusterArns)
        {
            var arns = await ListAllServicesAsync(ecs, caller, cluster, pageSize: 100);
            foreach (var chunk in arns.Chunk(EcsLimits.DescribeServicesMax))
            {
                var described = await ecs.DescribeServicesAsync(caller, new DescribeServicesRequest(cluster, chunk, IncludeTags: true), CancellationToken.None);
                Assert.Empty(described.Failures);
                services.AddRange(described.Services);
            }
        }

        return services;
    }

    public static async Task<List<string>> ListAllServicesAsync(this IEcs ecs, CloudCaller caller, string cluster, int pageSize)
    {
        var arns = new List<string>();
        string? token = null;
        do
        {
            var page = await ecs.ListServicesAsync(caller, new ListServicesRequest(cluster, token, pageSize), CancellationToken.None);
            arns.AddRange(page.ServiceArns);
            token = page.NextToken;
        }
        while (token is not null);

        return arns;
    }
}
