using System.Net;
using System.Text.Json;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Api;

public class TargetsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_services_targets_come_per_target_group_with_its_console_link()
    {
        using var client = await factory.SignedInClientAsync("alice");
        using var response = await client.GetAsync(new Uri("/api/environments/prod/clusters/prod-api/services/tracking-api/targets", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tracking-api", body.GetProperty("service").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("readAt").ValueKind);
        var group = Assert.Single(body.GetProperty("targetGroups").EnumerateArray().ToList());
        Assert.StartsWith("arn:aws:elasticloadbalancing:eu-west-1:536492031845:targetgroup/prod-tracking-api/", group.GetProperty("arn").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, group.GetProperty("healthy").GetInt32() + group.GetProperty("initial").GetInt32() + group.GetProperty("unhealthy").GetInt32());
        Assert.StartsWith("https://signin.aws.amazon.com/switchrole?roleName=", group.GetProperty("consoleLink").GetString(), StringComparison.Ordinal);
        Assert.Contains("account=536492031845", group.GetProperty("consoleLink").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dev_only_developer_is_told_prods_targets_do_not_exist_and_an_unknown_service_is_not_found()
    {
        using var client = await factory.SignedInClientAsync("dmitri");
        using var prod = await client.GetAsync(new Uri("/api/environments/prod/clusters/prod-api/services/tracking-api/targets", UriKind.Relative));
        using var missing = await client.GetAsync(new Uri("/api/environments/dev/clusters/dev-api/services/no-such-api/targets", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, prod.StatusCode);
        Assert.Equal("application/problem+json", prod.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no-such-api", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
