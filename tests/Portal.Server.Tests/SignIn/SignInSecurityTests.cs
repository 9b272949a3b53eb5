using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Server.Tests.Api;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.SignIn;

/// <summary>The portal over HTTP with no session, a good one, a tampered, an ended and a signed-out one, and with API tokens.</summary>
public sealed class SignInSecurityTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/environments/prod")]
    [InlineData("/admin/doctor")]
    public async Task Without_a_session_a_page_redirects_to_sign_in_with_the_way_back(string path)
    {
        using var client = Anonymous();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/sign-in?returnUrl={Uri.EscapeDataString(path)}", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/api/environments")]
    [InlineData("/api/environments/prod/services")]
    public async Task Without_a_session_the_api_answers_401_with_a_problem_saying_how_to_authenticate(string path)
    {
        using var client = Anonymous();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer ptk_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_lax_and_names_only_a_server_side_session()
    {
        using var client = Anonymous();
        using var response = await client.PostAsync(new Uri("/sign-in/as", UriKind.Relative), await SignedInClients.SignInFormAsync(client, ("userName", "oscar")));

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SignInRegistration.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        // The cookie is small: it carries the session key, not the claims or the Identity Center token.
        Assert.True(cookie.Split(';')[0].Length < 600, cookie);
        await using var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var session = await context.SignInSessions.Where(s => s.UserName == "oscar").OrderByDescending(s => s.CreatedAt).FirstAsync();
        Assert.DoesNotContain("oscar", session.ProtectedTicket, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_cookie_is_rejected()
    {
        var (client, cookie) = await SignInKeepingCookieAsync("alice");
        using var _ = client;
        var tampered = cookie[..^6] + (cookie[^6] == 'A' ? 'B' : 'A') + cookie[^5..];

        using var forged = Anonymous();
        forged.DefaultRequestHeaders.Add("Cookie", $"{SignInRegistration.CookieName}={tampered}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await forged.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_session_past_its_end_is_rejected_and_removed()
    {
        using var client = await portal.SignedInClientAsync("sam");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);

        await using (var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            await context.SignInSessions.Where(s => s.UserName == "sam")
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);
        await using var after = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await after.SignInSessions.AnyAsync(s => s.UserName == "sam"));
    }

    [Fact]
    public async Task After_sign_out_the_old_cookie_opens_nothing_and_the_audit_has_both_ends()
    {
        var (client, cookie) = await SignInKeepingCookieAsync("maria");
        using var _ = client;

        using var signOut = await client.PostAsync(new Uri("/sign-out", UriKind.Relative), await SignedInClients.SignInFormAsync(client));
        Assert.Equal("/sign-in?signedOut=true", signOut.Headers.Location!.OriginalString);

        using var replay = Anonymous();
        replay.DefaultRequestHeaders.Add("Cookie", $"{SignInRegistration.CookieName}={cookie}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);

        var audit = await portal.Services.GetRequiredService<AuditLog>().RecentAsync(new AuditQuery { Actor = "maria" });
        Assert.Contains(audit.Entries, e => e.Action == AuditActions.SignIn);
        Assert.Contains(audit.Entries, e => e.Action == AuditActions.SignOut);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused_and_sign_no_one_in()
    {
        using var client = Anonymous();

        using var response = await client.PostAsync(
            new Uri("/sign-in/as", UriKind.Relative), new FormUrlEncodedContent([KeyValuePair.Create("userName", "alice")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(SignInRegistration.CookieName, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/environments/dev", "/environments/dev")]
    public async Task After_sign_in_only_a_path_of_the_portal_is_followed(string returnUrl, string expected)
    {
        using var client = Anonymous();

        using var response = await client.PostAsync(
            new Uri("/sign-in/as", UriKind.Relative), await SignedInClients.SignInFormAsync(client, ("userName", "oscar"), ("returnUrl", returnUrl)));

        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_user_is_sent_back_to_sign_in_with_the_problem_named()
    {
        using var client = Anonymous();

        using var response = await client.PostAsync(
            new Uri("/sign-in/as", UriKind.Relative), await SignedInClients.SignInFormAsync(client, ("userName", "mallory")));

        Assert.StartsWith("/sign-in?problem=unknown-user", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dev_only_developer_gets_404_for_prod_in_the_api()
    {
        using var client = await portal.SignedInClientAsync("dmitri");

        var environments = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        Assert.Equal(["dev"], environments.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/environments/prod/services", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/environments/prod/clusters/prod-api/services/orders-api", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/environments/dev/services", UriKind.Relative))).StatusCode);

        var refusals = await portal.Services.GetRequiredService<AuditLog>().RecentAsync(new AuditQuery { Actor = "dmitri", Action = AuditActions.AccessRefused });
        Assert.Contains(refusals.Entries, e => e.Environment == "prod" && e.Target == "orders-api");
    }

    [Fact]
    public async Task An_api_token_sees_only_the_environments_in_its_scope_and_a_revoked_one_nothing()
    {
        var tokens = portal.Services.GetRequiredService<ApiTokenStore>();
        var created = await tokens.CreateAsync(
            "reader-" + Guid.NewGuid().ToString("N")[..8], new TokenScopes(["stage"], ["*"], ["view"]), "test", DateTimeOffset.UtcNow.AddDays(1));
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);

        var environments = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        Assert.Equal(["stage"], environments.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/environments/prod/services", UriKind.Relative))).StatusCode);

        await tokens.RevokeAsync(created.Token.Id);
        using var revoked = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", revoked.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_bad_bearer_token_is_answered_401_not_redirected_even_for_a_page()
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ptk_not-a-real-token");

        using var response = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private HttpClient Anonymous() =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in as the sign-in page does, keeping the session cookie's value for the test to replay or alter.</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInKeepingCookieAsync(string userName)
    {
        var client = Anonymous();
        using var response = await client.PostAsync(new Uri("/sign-in/as", UriKind.Relative), await SignedInClients.SignInFormAsync(client, ("userName", userName)));
        var header = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SignInRegistration.CookieName + "=", StringComparison.Ordinal));
        return (client, header.Split(';')[0][(SignInRegistration.CookieName.Length + 1)..]);
    }
}

/// <summary>Outside development the session cookie is only ever sent over HTTPS.</summary>
public sealed class SecureCookieTests
{
    [Fact]
    public async Task Outside_development_the_session_cookie_is_secure()
    {
        await using var portal = new PortalApplication(host => host.UseEnvironment("Production"));
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync(new Uri("/sign-in", UriKind.Relative));
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/sign-in/as", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("userName", "oscar"), KeyValuePair.Create("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("Cookie", string.Join("; ", antiforgeryCookie));
        using var response = await client.SendAsync(request);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(SignInRegistration.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }
}
