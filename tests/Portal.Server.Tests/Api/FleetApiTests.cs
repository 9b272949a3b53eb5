using System.Net;
using System.Text.Json;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Api;

public class FleetApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private HttpClient? _client;

    [Fact]
    public async Task Environments_lists_dev_stage_and_prod_with_their_health()
    {
        using var response = await GetAsync("/api/environments");
        var environments = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["dev", "stage", "prod"], environments.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        var prod = environments.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "prod");
        Assert.Equal("536492031845", prod.GetProperty("accountId").GetString());
        Assert.Equal("red", prod.GetProperty("colour").GetString());
        Assert.True(prod.GetProperty("protected").GetBoolean());
        Assert.False(prod.GetProperty("isStale").GetBoolean());
        Assert.Equal(JsonValueKind.String, prod.GetProperty("refreshedAt").ValueKind);
        Assert.True(prod.GetProperty("services").GetInt32() >= 25);
        var health = prod.GetProperty("health");
        Assert.True(health.GetProperty("Warning").GetInt32() >= 1, health.ToString());
        Assert.True(health.GetProperty("Critical").GetInt32() >= 1, health.ToString());
        Assert.Equal(prod.GetProperty("services").GetInt32(), health.EnumerateObject().Sum(level => level.Value.GetInt32()));
    }

    [Fact]
    public async Task Services_of_an_environment_carry_health_and_reasons()
    {
        using var response = await GetAsync("/api/environments/prod/services");
        var services = (await JsonAsync(response)).EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(services.Count >= 25);
        Assert.All(services, service =>
        {
            Assert.Equal("prod", service.GetProperty("environment").GetString());
            Assert.StartsWith("prod-", service.GetProperty("cluster").GetString(), StringComparison.Ordinal);
            Assert.Contains(service.GetProperty("health").GetString(), new[] { "Healthy", "Unknown", "Warning", "Critical" });
            var reasons = service.GetProperty("reasons").EnumerateArray().ToList();
            Assert.Equal(service.GetProperty("health").GetString() == "Healthy", reasons.Count == 0);
            Assert.All(reasons, reason =>
            {
                Assert.False(string.IsNullOrWhiteSpace(reason.GetProperty("code").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(reason.GetProperty("text").GetString()));
            });
        });
        var critical = services.First(s => s.GetProperty("health").GetString() == "Critical");
        Assert.Contains(critical.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("level").GetString() == "Critical");
    }

    [Fact]
    public async Task One_service_has_its_detail()
    {
        using var response = await GetAsync("/api/environments/prod/clusters/prod-api/services/tracking-api");
        var detail = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = detail.GetProperty("summary");
        Assert.Equal("tracking-api", summary.GetProperty("name").GetString());
        Assert.Equal("prod-api", summary.GetProperty("cluster").GetString());
        Assert.Equal(4, summary.GetProperty("desiredCount").GetInt32());
        Assert.Equal(12, summary.GetProperty("revision").GetInt32());
        Assert.Equal(12, detail.GetProperty("taskDefinition").GetProperty("revision").GetInt32());
        Assert.Contains("tracking-api", detail.GetProperty("taskDefinition").GetProperty("image").GetString(), StringComparison.Ordinal);
        Assert.Equal("PRIMARY", detail.GetProperty("deployments")[0].GetProperty("status").GetString());
        Assert.NotEmpty(detail.GetProperty("events").EnumerateArray());
        Assert.Equal(2, detail.GetProperty("alarms").GetArrayLength());
        Assert.NotEmpty(detail.GetProperty("cpu").EnumerateArray());
        Assert.NotEmpty(detail.GetProperty("memory").EnumerateArray());
        Assert.Equal("github.com/acme/tracking-api", detail.GetProperty("tags").GetProperty("repository").GetString());
    }

    [Theory]
    [InlineData("/api/environments/qa/services", "'qa'")]
    [InlineData("/api/environments/qa/clusters/qa-api/services/tracking-api", "'qa'")]
    [InlineData("/api/environments/prod/clusters/prod-nowhere/services/tracking-api", "'prod-nowhere'")]
    [InlineData("/api/environments/prod/clusters/prod-api/services/no-such-service", "'no-such-service'")]
    public async Task Unknown_things_are_404_problems_naming_what_is_missing(string path, string named)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Liveness_answers_200()
    {
        using var response = await GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_fleet_endpoints()
    {
        using var response = await GetAsync("/openapi/v1.json");
        var paths = (await JsonAsync(response)).GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/environments", paths);
        Assert.Contains("/api/environments/{environment}/services", paths);
        Assert.Contains("/api/environments/{environment}/clusters/{cluster}/services/{service}", paths);
    }

    /// <summary>As the administrator, who sees every environment.</summary>
    private async Task<HttpResponseMessage> GetAsync(string path)
    {
        _client ??= await factory.SignedInClientAsync("alice");
        return await _client.GetAsync(new Uri(path, UriKind.Relative));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
