using Portal.Server.Cloud;
using Portal.Server.Diagnostics;
using Portal.Server.Simulation.Seed;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Simulation;

/// <summary>The doctor's role and Cost Explorer checks, answered from the seed of the simulated organization.</summary>
internal sealed class SimulatedReachability(OrganizationSeedSet seed) : ICloudReachability
{
    public Task<(DoctorOutcome Outcome, string Detail)> AssumeRoleAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var account = seed.Organization.Environments.Any(e => e.AccountId == caller.AccountId);
        var role = seed.Identity.Roles.ContainsKey(caller.RoleName);
        return Task.FromResult(account && role
            ? (DoctorOutcome.Passed, $"simulated role {caller.RoleName} exists in account {caller.AccountId}")
            : (DoctorOutcome.Failed, $"the simulated organization has no role {caller.RoleName} in account {caller.AccountId}"));
    }

    public Task<(DoctorOutcome Outcome, string Detail)> CostExplorerAsync(CloudCaller caller, CancellationToken cancellationToken) =>
        Task.FromResult((DoctorOutcome.Skipped, "the simulated organization has no Cost Explorer yet"));
}
