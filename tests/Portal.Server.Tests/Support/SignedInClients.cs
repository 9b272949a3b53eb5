using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Server.Tests.Support;

/// <summary>Signs a test client in the way a browser does: the sign-in page's form, its antiforgery token, the session cookie.</summary>
public static partial class SignedInClients
{
    /// <summary>A client (cookies kept, redirects not followed) signed in as a seed user through "Continue as …".</summary>
    public static async Task<HttpClient> SignedInClientAsync(this WebApplicationFactory<Program> portal, string userName)
    {
        var client = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var response = await client.PostAsync(
            new Uri("/sign-in/as", UriKind.Relative),
            await SignInFormAsync(client, ("userName", userName), ("returnUrl", "/")));
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            client.Dispose();
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode} to {response.Headers.Location}.");
        }

        return client;
    }

    /// <summary>A form as the sign-in page posts it: the fields given, and the page's antiforgery token.</summary>
    public static async Task<FormUrlEncodedContent> SignInFormAsync(HttpClient client, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(new Uri("/sign-in", UriKind.Relative));
        var token = AntiforgeryField().Match(page) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The sign-in page carries no antiforgery token.");
        return new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", token)]);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
