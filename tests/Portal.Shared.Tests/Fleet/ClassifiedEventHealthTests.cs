using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Fleet;

/// <summary>Messages as ECS writes them, classified as the poller does, reach the health rules.</summary>
public class ClassifiedEventHealthTests
{
    [Theory]
    [InlineData("service my-awesome-service (port 8081) is unhealthy in target-group my-awesome-service due to (reason Health checks failed with these codes: [502]).")]
    [InlineData("service legacy-web (instance i-0f1e2d3c4b5a69788) is unhealthy in elb legacy-web due to (reason Instance has failed at least the UnhealthyThreshold number of health checks consecutively.)")]
    [InlineData("(service legacy-web) (instance i-0f1e2d3c4b5a69788) is unhealthy in (elb legacy-web) due to (reason Instance has failed at least the UnhealthyThreshold number of health checks consecutively.)")]
    public void An_unhealthy_target_in_any_documented_form_raises_the_failing_health_checks_warning(string message)
    {
        var events = new[] { new ServiceEventRecord("e1", Now - Min(2), message, ServiceEventClassifier.Classify(message)) };

        var health = HealthRules.Evaluate(Service() with { Events = events }, Now, Fresh, Defaults);

        Assert.Equal(HealthLevel.Warning, health.Level);
        Assert.Equal([HealthReasonCodes.FailingHealthChecks], health.Reasons.Select(r => r.Code));
    }

    [Theory]
    [InlineData("(service legacy-web) registered 1 instances in (elb legacy-web)")]
    [InlineData("service (tracking-api) is AZ balanced with 2 tasks in eu-west-1a, 1 tasks in eu-west-1b, and 1 tasks in eu-west-1c.")]
    public void Routine_messages_raise_no_warning(string message)
    {
        var events = new[] { new ServiceEventRecord("e1", Now - Min(2), message, ServiceEventClassifier.Classify(message)) };

        var health = HealthRules.Evaluate(Service() with { Events = events }, Now, Fresh, Defaults);

        Assert.Empty(health.Reasons);
    }
}
