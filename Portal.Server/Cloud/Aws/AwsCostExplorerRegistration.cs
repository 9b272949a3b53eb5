using Microsoft.Extensions.Options;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Costs;

namespace Portal.Server.Cloud.Aws;

public static class AwsCostExplorerRegistration
{
    /// <summary>
    /// Cost Explorer over the JSON-protocol client, asked in Costs:AccountId (the management account)
    /// under Costs:RoleName, in the Cost Explorer region of the environments' partition.
    /// </summary>
    public static IServiceCollection AddAwsCostExplorer(this IServiceCollection services)
    {
        services.AddSingleton<ICostExplorer>(provider => new MeteredCostExplorer(
            new AwsCostExplorer(provider.GetRequiredService<AwsJsonClient>()), provider.GetRequiredService<CloudCallMeter>()));
        services.AddSingleton(provider =>
        {
            var costs = provider.GetRequiredService<IOptions<CostOptions>>().Value;
            var aws = provider.GetRequiredService<IOptions<AwsOptions>>().Value;
            return string.IsNullOrEmpty(costs.AccountId)
                ? new CostExplorerAccount(null, "Costs:AccountId (the management account of consolidated billing) is not set.")
                : new CostExplorerAccount(new CloudCaller(costs.AccountId, CostExplorerRegion(aws), costs.RoleName, aws.SessionName));
        });
        return services;
    }

    private static string CostExplorerRegion(AwsOptions aws) =>
        (aws.Environments.Count > 0 ? AwsPartition.Of(aws.Environments[0].Region) : AwsPartition.Aws).CostExplorerRegion;
}
