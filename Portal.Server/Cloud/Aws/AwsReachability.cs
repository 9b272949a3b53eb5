using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Server.Costs;
using Portal.Server.Diagnostics;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Cloud.Aws;

/// <summary>The doctor's role and Cost Explorer checks against real AWS.</summary>
public sealed class AwsReachability(IAwsCredentialBroker credentials, AwsJsonClient client, CostExplorerAccount costAccount, TimeProvider time) : ICloudReachability
{
    public async Task<(DoctorOutcome Outcome, string Detail)> AssumeRoleAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        try
        {
            var assumed = await credentials.GetAsync(caller, cancellationToken);
            return (DoctorOutcome.Passed, assumed.Expiration is { } expiration
                ? string.Create(CultureInfo.InvariantCulture, $"assumed; credentials valid until {expiration:yyyy-MM-dd HH:mm} UTC")
                : "assumed");
        }
        catch (CloudException error)
        {
            return (DoctorOutcome.Failed, error.Message);
        }
    }

    /// <summary>
    /// One GetCostAndUsage for yesterday (the smallest question Cost Explorer answers, and charges for),
    /// asked as cost refreshes ask: in Costs:AccountId under Costs:RoleName, not under the
    /// environment's read role, which need not be allowed Cost Explorer at all.
    /// </summary>
    public async Task<(DoctorOutcome Outcome, string Detail)> CostExplorerAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        if (costAccount.Caller is not { } costCaller)
        {
            return (DoctorOutcome.Skipped, costAccount.NotConfigured ?? "costs are not read");
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var request = new JsonObject
        {
            ["TimePeriod"] = new JsonObject
            {
                ["Start"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["End"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            ["Granularity"] = "DAILY",
            ["Metrics"] = AwsJson.Array(["UnblendedCost"]),
        };
        try
        {
            await client.CallAsync(AwsJsonService.CostExplorer, "GetCostAndUsage", costCaller, request, cancellationToken);
            return (DoctorOutcome.Passed, $"answers to role {costCaller.RoleName} in account {costCaller.AccountId}");
        }
        catch (CloudException error)
        {
            return (DoctorOutcome.Failed, error.Message);
        }
    }
}
