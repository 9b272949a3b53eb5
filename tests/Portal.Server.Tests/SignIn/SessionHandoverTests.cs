using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Server.Tests.Api;
using Portal.Server.Tests.Support;
using Portal.Shared.Access;

namespace Portal.Server.Tests.SignIn;

/// <summary>Who a browser's session belongs to: sign-out needs the form's token, a new sign-in ends the old session, tokens open no pages.</summary>
public sealed class SessionHandoverTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused_and_the_session_lives_on()
    {
        using var client = await portal.SignedInClientAsync("maria");

        using var signOut = await client.PostAsync(new Uri("/sign-out", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Signing_in_on_a_browser_ends_the_previous_persons_session_there()
    {
        using var client = Browser();
        var aliceCookie = await SignInAsync(client, "alice");

        var bobCookie = await SignInAsync(client, "oscar");

        Assert.NotEqual(aliceCookie, bobCookie);
        using var replay = Browser();
        replay.DefaultRequestHeaders.Add("Cookie", $"{SignInRegistration.CookieName}={aliceCookie}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);
        await using var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await context.SignInSessions.CountAsync(s => s.UserName == "oscar"));
    }

    [Fact]
    public async Task A_return_url_with_letters_beyond_ascii_is_sent_percent_encoded()
    {
        using var client = Browser();

        using var response = await client.PostAsync(
            new Uri("/sign-in/as", UriKind.Relative),
            await SignedInClients.SignInFormAsync(client, ("userName", "oscar"), ("returnUrl", "/environments/prödüction")));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.True(Ascii.IsValid(location), location);
        Assert.Equal("/environments/pr%C3%B6d%C3%BCction", location);
    }

    [Fact]
    public async Task A_bearer_token_opens_the_api_but_no_page()
    {
        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            "pages-" + Guid.NewGuid().ToString("N")[..10], new TokenScopes(["*"], ["*"], [TokenActions.View]), "test", DateTimeOffset.UtcNow.AddDays(1));
        using var client = Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);

        using var api = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));
        using var page = await client.GetAsync(new Uri("/environments/dev", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/sign-in", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private HttpClient Browser() =>
        portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<string> SignInAsync(HttpClient client, string userName)
    {
        using var response = await client.PostAsync(new Uri("/sign-in/as", UriKind.Relative), await SignedInClients.SignInFormAsync(client, ("userName", userName)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var header = response.Headers.GetValues("Set-Cookie").Last(c => c.StartsWith(SignInRegistration.CookieName + "=", StringComparison.Ordinal));
        return header.Split(';')[0][(SignInRegistration.CookieName.Length + 1)..];
    }
}
