using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Api;
using Portal.Server.Persistence;
using Portal.Server.Tests.Api;
using Portal.Server.Tests.Support;
using Portal.Shared.Access;

namespace Portal.Server.Tests.Hosting;

/// <summary>Every refusal of the API is problem details, and every text entering it has a limit.</summary>
public class ApiProblemsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_unknown_api_route_is_a_404_problem_not_the_not_found_page()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri("/api/no/such/thing", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_page_is_still_the_not_found_page()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri("/no/such/page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("class=\"not-found\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.DeleteAsync(new Uri("/api/environments", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_400_problem_without_a_stack_trace()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.PostAsync(
            new Uri("/api/deployments", UriKind.Relative), new StringContent("{\"environment\": [", Encoding.UTF8, "application/json"));

        var body = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.DoesNotContain("   at ", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.PostAsync(
            new Uri("/api/deployments", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(new { environment = "dev", service = "www", reason = new string('x', 100_000) }), Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_long_reason_is_refused_naming_the_field()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.PostAsJsonAsync(
            "/api/deployments",
            new { environment = "dev", service = "www", taskDefinition = "www:1", reason = new string('x', InputLimits.Reason + 1), idempotencyKey = Guid.NewGuid().ToString() });

        var body = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(body.GetProperty("errors").TryGetProperty("reason", out _), body.GetRawText());
    }

    [Fact]
    public async Task A_long_idempotency_key_header_is_refused_naming_it()
    {
        using var alice = await portal.SignedInClientAsync("alice");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments")
        {
            Content = JsonContent.Create(new { environment = "dev", service = "www", taskDefinition = "www:1" }),
        };
        request.Headers.Add("Idempotency-Key", new string('k', InputLimits.IdempotencyKey + 1));

        using var response = await alice.SendAsync(request);

        var body = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(body.GetProperty("errors").TryGetProperty("Idempotency-Key", out _), body.GetRawText());
    }

    [Theory]
    [InlineData("message", 10_000)]
    [InlineData("author", 1_000)]
    public async Task A_build_with_an_overlong_field_is_refused_and_not_stored(string field, int length)
    {
        using var ci = await TokenClientAsync();
        var build = Build("www");
        build[field] = new string('a', length);

        using var response = await ci.PostAsJsonAsync("/api/builds", build);

        var body = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), body.GetRawText());
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("http://ci.example.com/build/1")]
    [InlineData("/relative/only")]
    public async Task A_build_link_must_be_https(string link)
    {
        using var ci = await TokenClientAsync();
        var build = Build("www");
        build["link"] = link;

        using var response = await ci.PostAsJsonAsync("/api/builds", build);

        var body = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(body.GetProperty("errors").TryGetProperty("link", out _), body.GetRawText());
    }

    [Theory]
    [InlineData("https://ci.example.com/build/1")]
    [InlineData("http://localhost:8080/build/1")]
    public async Task An_https_or_loopback_link_is_taken(string link)
    {
        using var ci = await TokenClientAsync();
        var build = Build("www");
        build["link"] = link;

        using var response = await ci.PostAsJsonAsync("/api/builds", build);

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Figures_from_year_one_are_a_400_not_a_500()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri("/api/history/figures?from=0001-01-01", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_timeline_whose_to_is_before_its_from_is_a_400()
    {
        using var alice = await portal.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri("/api/history?from=2026-11-30&to=2026-11-01", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Figures_of_an_environment_the_caller_cannot_see_are_a_404()
    {
        using var dmitri = await portal.SignedInClientAsync("dmitri");

        using var response = await dmitri.GetAsync(new Uri("/api/history/figures?environment=prod", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static Dictionary<string, string> Build(string service) => new()
    {
        ["service"] = service,
        ["image"] = $"123456789012.dkr.ecr.eu-west-1.amazonaws.com/{service}:{Guid.NewGuid().ToString("N")[..12]}",
        ["commitSha"] = "4be1a07",
        ["message"] = "Fix the thing",
        ["author"] = "alice",
    };

    private async Task<HttpClient> TokenClientAsync()
    {
        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            "limits-" + Guid.NewGuid().ToString("N")[..10], new TokenScopes(["*"], ["*"], [TokenActions.AnnounceBuild]), "test", DateTimeOffset.UtcNow.AddDays(1));
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }
}
