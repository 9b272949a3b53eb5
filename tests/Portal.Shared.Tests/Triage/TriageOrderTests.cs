using Portal.Shared.Environments;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using Portal.Shared.Triage;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Triage;

public class TriageOrderTests
{
    private static TriageItem Item(string environment, string name, HealthLevel level, bool isProtected, bool acknowledged = false) => new(
        new ServiceView(environment, Service() with { Name = name }, new ServiceHealth(level, [new HealthReason(level, "x", "x")])),
        isProtected,
        Since: null,
        DeployMarkers: [],
        LastDeploy: null,
        IsSuspect: false,
        acknowledged ? new TriageAcknowledgementInfo("sam", Now, "on it") : null);

    [Fact]
    public void Critical_then_warning_prod_first_acknowledged_below_and_healthy_left_out()
    {
        var items = TriageOrder.Sort([
            Item("dev", "a", HealthLevel.Warning, false),
            Item("prod", "b", HealthLevel.Warning, true),
            Item("dev", "c", HealthLevel.Critical, false),
            Item("prod", "d", HealthLevel.Critical, true, acknowledged: true),
            Item("prod", "e", HealthLevel.Critical, true),
            Item("prod", "f", HealthLevel.Healthy, true),
            Item("prod", "g", HealthLevel.Unknown, true),
        ]);

        Assert.Equal(["e", "d", "c", "b", "a"], items.Select(i => i.Service));
    }
}
