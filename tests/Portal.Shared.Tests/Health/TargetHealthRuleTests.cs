using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Health;

public class TargetHealthRuleTests
{
    private const string Arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/dev-tracking-api/73e2d6bc24d8a067";

    private static UnhealthyTarget Failing(string id, string reason = "Target.ResponseCodeMismatch", string? description = "Health checks failed with these codes: [502]") =>
        new(id, 8080, "unhealthy", reason, description);

    private static ServiceSnapshot WithTargets(int healthy, int initial, IReadOnlyList<UnhealthyTarget> unhealthy, TimeSpan? readAgo = null) =>
        Service(desired: healthy + initial + unhealthy.Count, running: healthy + initial + unhealthy.Count) with
        {
            Targets = new LoadBalancerTargets([new TargetGroupHealth(Arn, TargetGroupHealth.NameOf(Arn), healthy, unhealthy.Count, 0, initial, unhealthy)], Now - (readAgo ?? TimeSpan.Zero)),
        };

    [Fact]
    public void Some_unhealthy_targets_are_a_warning_naming_the_reason()
    {
        var health = HealthRules.Evaluate(WithTargets(1, 0, [Failing("10.0.0.1"), Failing("10.0.0.2")]), Now, Fresh, Defaults);

        var reason = Assert.Single(health.Reasons);
        Assert.Equal(HealthLevel.Warning, reason.Level);
        Assert.Equal(HealthReasonCodes.TargetsUnhealthy, reason.Code);
        Assert.Equal("2 of 3 targets unhealthy: Health checks failed with these codes: [502]", reason.Text);
    }

    [Fact]
    public void Every_serving_target_unhealthy_is_critical_with_the_most_common_reason()
    {
        var health = HealthRules.Evaluate(
            WithTargets(0, 0, [Failing("10.0.0.1", "Target.Timeout", "Request timed out"), Failing("10.0.0.2"), Failing("10.0.0.3")]), Now, Fresh, Defaults);

        Assert.Equal(HealthLevel.Critical, health.Level);
        Assert.Equal("3 of 3 targets unhealthy: Health checks failed with these codes: [502]", Assert.Single(health.Reasons).Text);
    }

    [Fact]
    public void Targets_still_in_initial_checks_keep_it_a_warning_and_a_reason_code_stands_in_for_a_missing_description()
    {
        var health = HealthRules.Evaluate(WithTargets(0, 1, [Failing("10.0.0.1", "Target.FailedHealthChecks", null)]), Now, Fresh, Defaults);

        var reason = Assert.Single(health.Reasons);
        Assert.Equal(HealthLevel.Warning, reason.Level);
        Assert.Equal("1 of 2 targets unhealthy: Target.FailedHealthChecks", reason.Text);
    }

    [Fact]
    public void All_healthy_a_reading_older_than_stale_after_or_none_at_all_give_no_reason()
    {
        Assert.Empty(HealthRules.Evaluate(WithTargets(3, 0, []), Now, Fresh, Defaults).Reasons);
        Assert.Empty(HealthRules.Evaluate(WithTargets(1, 0, [Failing("10.0.0.1")], readAgo: StaleAfter + TimeSpan.FromSeconds(1)), Now, Fresh, Defaults).Reasons);
        Assert.Empty(HealthRules.Evaluate(Service(), Now, Fresh, Defaults).Reasons);
    }
}
