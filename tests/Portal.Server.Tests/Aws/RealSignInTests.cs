using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Server.Tests.Support;
using Portal.Shared.SignIn;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// Signing in to the real-AWS portal over HTTP as a browser does: the device form, the code confirmed
/// (or declined) at the fake IAM Identity Center, the waiting page's finish address, and the person
/// named by STS GetCallerIdentity with credentials for one of their roles.
/// </summary>
public class RealSignInTests(RealModeFixture fixture) : IClassFixture<RealModeFixture>
{
    [Fact]
    public async Task Approval_sets_a_session_cookie_and_the_api_lists_every_environment_the_person_holds_a_role_in()
    {
        using var client = fixture.Client();
        var started = await client.StartDeviceSignInAsync("/");
        fixture.IdentityCenter.Confirm(started.UserCode, RealModeFixture.Administrator);

        var finished = await client.FinishDeviceSignInAsync(started.AttemptId);

        Assert.Equal("/", finished.Location);
        Assert.True(finished.Sets(SignInRegistration.CookieName), "the finish answer sets the session cookie");
        Assert.Equal(["dev", "stage", "prod"], await EnvironmentNamesAsync(client));
        using var services = await client.GetAsync(new Uri("/api/environments/prod/services", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, services.StatusCode);
    }

    [Fact]
    public async Task The_person_is_named_by_sts_from_credentials_for_their_first_role_and_the_sign_in_is_audited()
    {
        using var client = await fixture.SignedInClientAsync(RealModeFixture.Administrator);

        // Every caller STS was asked about holds role credentials Identity Center issued; the administrator's are for dev, their first account.
        var callers = fixture.Aws.StsRequests.Where(r => r.Action == "GetCallerIdentity")
            .Select(r => fixture.IdentityCenter.RoleCredentialsOf(AccessKeyOf(r.Authorization))).ToList();
        Assert.All(callers, c => Assert.NotNull(c));
        Assert.Contains(callers, c => c == (RealModeFixture.Dev, "Administrator", RealModeFixture.Administrator));

        var audit = await fixture.Portal.Services.GetRequiredService<AuditLog>()
            .RecentAsync(new AuditQuery { Action = AuditActions.SignIn, Actor = RealModeFixture.Administrator });
        Assert.NotEmpty(audit.Entries);
        var entry = audit.Entries[0];
        Assert.Equal(RealModeFixture.Administrator, entry.Actor);
        Assert.Contains("4 role assignments", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_with_roles_only_in_dev_sees_only_dev_and_prod_does_not_exist_for_them()
    {
        using var client = await fixture.SignedInClientAsync(RealModeFixture.DevDeployer);

        Assert.Equal(["dev"], await EnvironmentNamesAsync(client));
        using var dev = await client.GetAsync(new Uri("/api/environments/dev/services", UriKind.Relative));
        using var prod = await client.GetAsync(new Uri("/api/environments/prod/services", UriKind.Relative));
        using var prodService = await client.GetAsync(new Uri("/api/environments/prod/clusters/prod-web/services/www", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dev.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, prod.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, prodService.StatusCode);

        var audit = await fixture.Portal.Services.GetRequiredService<AuditLog>()
            .RecentAsync(new AuditQuery { Action = AuditActions.SignIn, Actor = RealModeFixture.DevDeployer });
        Assert.NotEmpty(audit.Entries);
    }

    [Fact]
    public async Task Declining_the_code_at_identity_center_sends_the_browser_back_to_sign_in_without_a_session()
    {
        using var client = fixture.Client();
        var started = await client.StartDeviceSignInAsync("/environments/dev");
        fixture.IdentityCenter.Decline(started.UserCode);

        var finished = await client.FinishDeviceSignInAsync(started.AttemptId);

        Assert.Equal($"/sign-in?problem={SignInProblems.Declined}&returnUrl=%2Fenvironments%2Fdev", finished.Location);
        Assert.False(finished.Sets(SignInRegistration.CookieName));
        using var api = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Only_the_browser_that_started_a_sign_in_can_collect_it()
    {
        using var starter = fixture.Client();
        using var other = fixture.Client();
        var started = await starter.StartDeviceSignInAsync("/");
        fixture.IdentityCenter.Confirm(started.UserCode, RealModeFixture.Administrator);

        var stolen = await other.FinishDeviceSignInAsync(started.AttemptId);
        var own = await starter.FinishDeviceSignInAsync(started.AttemptId);

        Assert.Equal($"/sign-in?problem={SignInProblems.AttemptGone}&returnUrl=%2F", stolen.Location);
        Assert.False(stolen.Sets(SignInRegistration.CookieName));
        using var api = await other.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("/", own.Location);
        Assert.True(own.Sets(SignInRegistration.CookieName));
    }

    [Fact]
    public async Task A_page_without_a_session_sends_the_browser_to_sign_in_and_back_afterwards()
    {
        using var client = fixture.Client();

        using var page = await client.GetAsync(new Uri("/environments/dev", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var location = page.Headers.Location!;
        var signIn = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        Assert.Equal("/sign-in?returnUrl=%2Fenvironments%2Fdev", signIn);

        var returnUrl = QueryHelpers.ParseQuery(new Uri(new Uri("http://localhost"), signIn).Query)["returnUrl"].ToString();
        var started = await client.StartDeviceSignInAsync(returnUrl);
        fixture.IdentityCenter.Confirm(started.UserCode);
        var finished = await client.FinishDeviceSignInAsync(started.AttemptId);
        Assert.Equal("/environments/dev", finished.Location);
        using var after = await client.GetAsync(new Uri(finished.Location, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task When_sts_cannot_say_who_signed_in_the_browser_is_told_sign_in_is_unavailable()
    {
        fixture.Aws.FailSts("GetCallerIdentity", HttpStatusCode.Forbidden, "InvalidClientTokenId", "The security token included in the request is invalid.");
        using var client = fixture.Client();
        var started = await client.StartDeviceSignInAsync("/");
        fixture.IdentityCenter.Confirm(started.UserCode);

        var finished = await client.FinishDeviceSignInAsync(started.AttemptId);

        Assert.Equal($"/sign-in?problem={SignInProblems.Unavailable}&returnUrl=%2F", finished.Location);
        Assert.False(finished.Sets(SignInRegistration.CookieName));
        using var api = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    private static async Task<List<string>> EnvironmentNamesAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>"AWS4-HMAC-SHA256 Credential=ASIA…/20261130/…" → "ASIA…".</summary>
    private static string AccessKeyOf(string authorization)
    {
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal) + "Credential=".Length;
        return authorization[start..authorization.IndexOf('/', start)];
    }
}
