using Portal.Server.Cloud;
using Portal.Server.Diagnostics;
using Portal.Server.Simulation.Seed;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Simulation;

/// <summary>The doctor's role and Cost Explorer checks, answered from the seed of the simulated organization.</summary>
internal sealed class SimulatedReachability(OrganizationSeedSet seed, SimulatedCostExplorer costExplorer, TimeProvider time) : ICloudReachability
{
    public Task<(DoctorOutcome Outcome, string Detail)> AssumeRoleAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var account = seed.Organization.Environments.Any(e => e.AccountId == caller.AccountId);
        var role = seed.Identity.Roles.ContainsKey(caller.RoleName);
        return Task.FromResult(account && role
            ? (DoctorOutcome.Passed, $"simulated role {caller.RoleName} exists in account {caller.AccountId}")
            : (DoctorOutcome.Failed, $"the simulated organization has no role {caller.RoleName} in account {caller.AccountId}"));
    }

    /// <summary>One day of the simulated Cost Explorer, as the real check asks; it is not metered, as nothing is charged.</summary>
    public async Task<(DoctorOutcome Outcome, string Detail)> CostExplorerAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        try
        {
            await costExplorer.GetCostAndUsageAsync(caller, new Cloud.CostExplorer.GetCostAndUsageRequest(
                new Cloud.CostExplorer.DateInterval(today.AddDays(-1), today), Cloud.CostExplorer.CostExplorerNames.Daily, [Cloud.CostExplorer.CostExplorerNames.UnblendedCost], []), cancellationToken);
            return (DoctorOutcome.Passed, "the simulated Cost Explorer answers");
        }
        catch (CloudException error)
        {
            return (DoctorOutcome.Failed, error.Message);
        }
    }
}
