using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Server.Diagnostics;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Cloud.Aws;

/// <summary>The doctor's role and Cost Explorer checks against real AWS.</summary>
public sealed class AwsReachability(IAwsCredentialBroker credentials, AwsJsonClient client, TimeProvider time) : ICloudReachability
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

    /// <summary>One GetCostAndUsage for yesterday: the smallest question Cost Explorer answers (and charges for).</summary>
    public async Task<(DoctorOutcome Outcome, string Detail)> CostExplorerAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
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
            await client.CallAsync(AwsJsonService.CostExplorer, "GetCostAndUsage", caller, request, cancellationToken);
            return (DoctorOutcome.Passed, "answers");
        }
        catch (CloudException error)
        {
            return (DoctorOutcome.Failed, error.Message);
        }
    }
}
