using Bunit;
using Portal.Client.Fleet;
using Portal.Client.Tests.Support;
using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Client.Tests.Support.Dom;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Fleet;

public sealed class ServiceLoadBalancerTests : PortalTestContext
{
    private const string Arn = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/prod-checkout-api/73e2d6bc24d8a067";

    [Fact]
    public void Shows_counts_per_target_group_each_unhealthy_target_and_the_groups_console_page()
    {
        var targets = new LoadBalancerTargets(
            [new TargetGroupHealth(Arn, "prod-checkout-api", 2, 1, 0, 1,
                [new UnhealthyTarget("10.0.3.7", 8080, "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]")])],
            Now.AddSeconds(-20));
        Fleet.Put(Environment(Prod, Fresh, View(Prod, Service(Prod, "checkout-api", 13, "2.3.0") with { Targets = targets }, new ServiceHealth(HealthLevel.Warning,
            [new(HealthLevel.Warning, HealthReasonCodes.TargetsUnhealthy, "1 of 4 targets unhealthy: Health checks failed with these codes: [502]")]))));

        var cut = Render<ServicePage>(p => p.Add(s => s.Environment, "prod").Add(s => s.Cluster, "main").Add(s => s.Name, "checkout-api"));

        var section = cut.Find("[data-testid=load-balancer]");
        Assert.Equal(["2 healthy", "1 unhealthy", "1 initial", "0 draining"], section.QuerySelectorAll(".target-group [data-count]").Select(Text));
        var row = Assert.Single(section.QuerySelectorAll("tr.unhealthy-target"));
        Assert.Equal("10.0.3.7 8080 Target.ResponseCodeMismatch Health checks failed with these codes: [502]", Text(row));
        var console = section.QuerySelector("[data-link=target-group-console]")!.GetAttribute("href");
        Assert.StartsWith("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#TargetGroup:targetGroupArn=" + Arn, console, StringComparison.Ordinal);
        Assert.StartsWith("https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/main/services/checkout-api/health",
            cut.Find("[data-link=service-console]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_without_a_load_balancer_has_no_section()
    {
        Fleet.Put(Environment(Prod, Fresh, View(Prod, Service(Prod, "checkout-api", 13, "2.3.0"), new ServiceHealth(HealthLevel.Healthy, []))));

        var cut = Render<ServicePage>(p => p.Add(s => s.Environment, "prod").Add(s => s.Cluster, "main").Add(s => s.Name, "checkout-api"));

        Assert.Empty(cut.FindAll("[data-testid=load-balancer]"));
    }
}
