using Portal.Server.Costs;
using Portal.Server.Fleet;

namespace Portal.Server.Instances;

/// <summary>
/// What a lease is for. An environment's lease covers everything that reads it on a schedule
/// (polling, the history archives, following its deployments); the costs lease is per Cost
/// Explorer account, because one refresh reads every environment's costs through that account.
/// </summary>
public static class LeaseKeys
{
    public static string Environment(string environment) => "environment:" + environment;

    public static string Costs(string costExplorerAccountId) => "costs:" + costExplorerAccountId;

    /// <summary>Every lease an instance of this configuration competes for.</summary>
    public static IReadOnlyList<string> All(IEnvironmentCatalog catalog, CostExplorerAccount costs)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(costs);
        var keys = catalog.Environments.Select(e => Environment(e.Name)).ToList();
        if (costs.Caller is { } caller)
        {
            keys.Add(Costs(caller.AccountId));
        }

        return keys;
    }
}
