using Portal.Shared.Environments;
using Portal.Shared.Fleet;

namespace Portal.Shared.Tests.Fleet;

/// <summary>Every console link opens in the environment's account through the one role-switch address.</summary>
public class ConsoleLinksTests
{
    private static readonly EnvironmentInfo Prod = new("prod", "318274650192", "eu-west-1", EnvironmentColour.Red, IsProtected: true);

    [Fact]
    public void A_service_link_switches_into_the_account_as_the_role_then_opens_the_service()
    {
        var link = new Uri(ConsoleLinks.Service(Prod, "prod-api", "orders-api", "Deployer"));
        var query = Query(link);

        Assert.Equal("https://signin.aws.amazon.com/switchrole", link.GetLeftPart(UriPartial.Path));
        Assert.Equal("Deployer", query["roleName"]);
        Assert.Equal("318274650192", query["account"]);
        Assert.Equal("Deployer @ prod", query["displayName"]);
        Assert.Equal("F2B0A9", query["color"]);
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod-api/services/orders-api/health?region=eu-west-1", query["redirect_uri"]);
    }

    [Fact]
    public void Without_a_role_a_service_link_opens_the_page_itself()
    {
        Assert.StartsWith("https://eu-west-1.console.aws.amazon.com/ecs/", ConsoleLinks.Service(Prod, "prod-api", "orders-api", roleName: null), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_stream_link_goes_through_the_same_role_switch_and_asks_for_the_role_it_does_not_know()
    {
        var logs = new ContainerLogSettings("orders-api", "/ecs/orders-api", "eu-west-1", "ecs");

        var link = new Uri(TaskLinks.LogStream(Prod.AccountId, logs, Task("0a1b2c3d"), displayName: "prod")!);
        var query = Query(link);

        Assert.Equal("https://signin.aws.amazon.com/switchrole", link.GetLeftPart(UriPartial.Path));
        Assert.False(query.ContainsKey("roleName"));
        Assert.Equal("318274650192", query["account"]);
        Assert.Equal("prod", query["displayName"]);
        Assert.EndsWith("log-events/ecs$252Forders-api$252F0a1b2c3d", query["redirect_uri"], StringComparison.Ordinal);
    }

    [Fact]
    public void China_regions_switch_roles_on_their_own_sign_in_host()
    {
        var beijing = Prod with { Region = "cn-north-1" };

        Assert.StartsWith("https://signin.amazonaws.cn/switchrole?", ConsoleLinks.Service(beijing, "prod-api", "orders-api", "Deployer"), StringComparison.Ordinal);
        Assert.StartsWith("https://signin.amazonaws.cn/switchrole?", RoleSwitchLink.To(beijing.AccountId, beijing.Region, "https://cn-north-1.console.amazonaws.cn/ecs/"), StringComparison.Ordinal);
    }

    private static TaskRecord Task(string id) =>
        new TaskRecord($"arn:aws:ecs:eu-west-1:318274650192:task/prod-api/{id}", "arn:aws:ecs:eu-west-1:318274650192:task-definition/orders-api:7", "RUNNING", "RUNNING",
            HealthStatus: null, LaunchType: "FARGATE", AvailabilityZone: null, StartedAt: null, StoppedAt: null, StopCode: null, StoppedReason: null, Containers: []);

    private static Dictionary<string, string> Query(Uri link) =>
        link.Query.TrimStart('?').Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair[1]), StringComparer.Ordinal);
}
