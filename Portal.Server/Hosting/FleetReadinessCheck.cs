using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Server.Fleet;

namespace Portal.Server.Hosting;

/// <summary>Ready once every environment has a first snapshot to show.</summary>
internal sealed class FleetReadinessCheck(FleetView fleet) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = fleet.Environments.Where(e => fleet.Find(e.Name)?.Freshness.HasSnapshot != true).Select(e => e.Name).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy("Every environment has a snapshot.")
            : HealthCheckResult.Unhealthy("Waiting for a first snapshot of: " + string.Join(", ", waiting)));
    }
}
