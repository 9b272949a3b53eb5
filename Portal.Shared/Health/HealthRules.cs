using Portal.Shared.Fleet;

namespace Portal.Shared.Health;

/// <summary>Pure rules that turn what the poller saw into a health level with reasons.</summary>
public static class HealthRules
{
    public static ServiceHealth Evaluate(ServiceSnapshot service, DateTimeOffset now, SnapshotFreshness freshness, HealthThresholds thresholds)
    {
        throw new NotImplementedException();
    }
}
