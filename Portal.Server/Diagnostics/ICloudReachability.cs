using Portal.Server.Cloud;
using Portal.Shared.Diagnostics;

namespace Portal.Server.Diagnostics;

/// <summary>The checks that differ between the simulated organization and real AWS.</summary>
public interface ICloudReachability
{
    /// <summary>Whether the portal can take on the caller's role in the caller's account.</summary>
    Task<(DoctorOutcome Outcome, string Detail)> AssumeRoleAsync(CloudCaller caller, CancellationToken cancellationToken);

    /// <summary>Whether Cost Explorer answers for the caller's account.</summary>
    Task<(DoctorOutcome Outcome, string Detail)> CostExplorerAsync(CloudCaller caller, CancellationToken cancellationToken);
}
