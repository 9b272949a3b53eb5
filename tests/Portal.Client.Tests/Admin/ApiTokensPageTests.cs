using Bunit;
using MudBlazor;
using Microsoft.AspNetCore.Components;
using Portal.Client.Admin;
using Portal.Client.Tests.Support;
using Portal.Shared.Access;

namespace Portal.Client.Tests.Admin;

public sealed class ApiTokensPageTests : PortalTestContext
{
    [Fact]
    public void The_form_offers_every_environment_and_action_with_any_service_and_ninety_days_chosen()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = RenderReady();

        Assert.Equal(["*", "dev", "stage", "prod"], cut.FindAll("#token-environments input[type=checkbox]").Select(i => i.GetAttribute("value")));
        Assert.Equal(["view", "announce-build", "deploy"], cut.FindAll("#token-actions input[type=checkbox]").Select(i => i.GetAttribute("value")));
        Assert.Empty(cut.FindAll(".token-form input[type=checkbox][checked]"));
        Assert.Equal("*", cut.Find("#token-services").GetAttribute("value"));
        Assert.Equal("90 days", cut.Find("#token-expiry").GetAttribute("value"));
        Assert.Equal(["30", "90", "365"], Selects.Open(popovers, cut, "#token-expiry").Select(o => o.GetAttribute("data-value")));
        Assert.Equal("token-name", cut.Find("label[for=token-name]").GetAttribute("for"));
        Assert.Contains("No API tokens yet", cut.Find(".empty").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_token_shows_its_secret_once_with_the_bearer_usage_and_joins_the_list()
    {
        var cut = RenderReady();

        cut.Find("#token-name").Input("ci-deploy");
        cut.Find("#token-environments input[value=dev]").Change(true);
        cut.Find("#token-actions input[value=deploy]").Change(true);
        cut.Find("form.token-form").Submit();

        // The form's fields answer on the renderer in turn; the submission is handled after them.
        cut.WaitForAssertion(() => Assert.Single(Tokens.Requests));
        var request = Tokens.Requests[0];
        Assert.Equal("ci-deploy", request.Name);
        Assert.Equal(["dev"], request.Environments);
        Assert.Equal(["*"], request.Services);
        Assert.Equal(["deploy"], request.Actions);
        Assert.Equal(TestFleet.Now.AddDays(90), request.ExpiresAt);

        var secret = cut.Find(".token-secret");
        Assert.Contains("Copy it now: it will not be shown again", Dom.Text(secret), StringComparison.Ordinal);
        Assert.Equal("ptk_test-secret-1", cut.Find(".token-secret .secret").TextContent);
        Assert.Contains("Authorization: Bearer ptk_test-secret-1", cut.Find(".token-secret .usage").TextContent, StringComparison.Ordinal);

        var row = cut.Find("tr[data-token=ci-deploy]");
        Assert.Equal("Active", row.QuerySelector(".token-state")!.TextContent);
        Assert.Equal("never", Dom.Text(row.QuerySelector(".last-used")!));
        Assert.Contains("in 90 d", Dom.Text(row), StringComparison.Ordinal);

        // The form is ready for the next token, and the list was read again.
        Assert.Equal("", cut.Find("#token-name").GetAttribute("value"));
        Assert.Equal(2, Tokens.Lists);
        Assert.Contains((PortalAction.ManageTokens, RoleCapabilities.PortalWide), Access.Authorized);

        cut.Find(".dismiss-secret").Click();
        Assert.Empty(cut.FindAll(".token-secret"));
        Assert.DoesNotContain("ptk_test-secret-1", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void All_environments_sends_a_star_services_are_split_at_commas_and_the_expiry_is_the_one_chosen()
    {
        var popovers = Render<MudPopoverProvider>();
        var cut = RenderReady();

        cut.Find("#token-name").Input("chat");
        cut.Find("#token-environments input[value=dev]").Change(true);
        cut.Find("#token-environments input[value='*']").Change(true);
        cut.Find("#token-services").Input(" orders-api, search-api ,,");
        cut.Find("#token-actions input[value=view]").Change(true);
        cut.Find("#token-actions input[value=announce-build]").Change(true);
        Selects.Choose(popovers, cut, "#token-expiry", "30");
        cut.WaitForAssertion(() => Assert.Equal("30 days", cut.Find("#token-expiry").GetAttribute("value")));

        Assert.All(cut.FindAll("#token-environments input:not([value='*'])"), i => Assert.True(i.HasAttribute("disabled")));
        cut.Find("form.token-form").Submit();

        // The form's fields answer on the renderer in turn; the submission is handled after them.
        cut.WaitForAssertion(() => Assert.Single(Tokens.Requests));
        var request = Tokens.Requests[0];
        Assert.Equal(["*"], request.Environments);
        Assert.Equal(["orders-api", "search-api"], request.Services);
        Assert.Equal(["view", "announce-build"], request.Actions);
        Assert.Equal(TestFleet.Now.AddDays(30), request.ExpiresAt);
    }

    [Fact]
    public void A_problem_is_shown_inline_as_an_alert_and_the_input_is_kept()
    {
        const string Problem = "Name 'bad name' cannot be used: A token name is 1 to 100 letters.";
        Tokens.NextProblem = Problem;
        var cut = RenderReady();

        cut.Find("#token-name").Input("bad name");
        cut.Find("form.token-form").Submit();

        var problem = cut.WaitForElement(".token-form [role=alert]");
        Assert.Equal(Problem, problem.TextContent);
        Assert.Empty(cut.FindAll(".token-secret"));
        Assert.Equal("bad name", cut.Find("#token-name").GetAttribute("value"));
        Assert.Empty(Tokens.Tokens);
    }

    [Fact]
    public void Revoking_asks_for_confirmation_then_revokes_and_shows_the_new_state()
    {
        Tokens.Add("ci");
        var cut = RenderReady();

        cut.Find("tr[data-token=ci] button.revoke").Click();

        Assert.Equal("Confirm revoke", Dom.Text(cut.Find("tr[data-token=ci] button.revoke")));
        Assert.Equal("Confirm revoke ci", cut.Find("tr[data-token=ci] button.revoke").GetAttribute("aria-label"));
        Assert.Equal(ApiTokenStatus.Active, Tokens.Tokens[0].State);

        cut.Find("tr[data-token=ci] button.revoke").Click();

        Assert.Equal(ApiTokenStatus.Revoked, Tokens.Tokens[0].State);
        Assert.Equal("Revoked", cut.Find("tr[data-token=ci] .token-state").TextContent);
        Assert.Empty(cut.FindAll("tr[data-token=ci] button"));
        Assert.Contains("Revoked API token 'ci'", cut.Find(".revoke-done[role=status]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoke_can_be_backed_out_of_with_cancel_or_escape()
    {
        Tokens.Add("ci");
        var cut = RenderReady();

        cut.Find("tr[data-token=ci] button.revoke").Click();
        cut.Find("tr[data-token=ci] button.cancel-revoke").Click();
        Assert.Equal("Revoke", Dom.Text(cut.Find("tr[data-token=ci] button.revoke")));

        cut.Find("tr[data-token=ci] button.revoke").Click();
        cut.Find("tr[data-token=ci] button.revoke").KeyDown("Escape");
        Assert.Equal("Revoke", Dom.Text(cut.Find("tr[data-token=ci] button.revoke")));
        Assert.Equal(ApiTokenStatus.Active, Tokens.Tokens[0].State);
    }

    [Fact]
    public void The_list_shows_each_state_and_when_a_token_was_last_used_and_only_active_ones_can_be_revoked()
    {
        Tokens.Add("active", lastUsedAt: TestFleet.Now.AddMinutes(-12), environments: ["dev", "stage"]);
        Tokens.Add("expired", ApiTokenStatus.Expired);
        Tokens.Add("revoked", ApiTokenStatus.Revoked);
        var cut = RenderReady();

        Assert.Equal(["active", "expired", "revoked"], cut.FindAll("tr.token-row").Select(r => r.GetAttribute("data-token")));
        Assert.Equal("12 min ago", Dom.Text(cut.Find("tr[data-token=active] .last-used")));
        Assert.Contains("dev, stage", Dom.Text(cut.Find("tr[data-token=active] .token-scopes")), StringComparison.Ordinal);
        Assert.Contains("alice 10 d ago", Dom.Text(cut.Find("tr[data-token=active]")), StringComparison.Ordinal);
        Assert.Contains("1 d ago", Dom.Text(cut.Find("tr[data-token=expired]")), StringComparison.Ordinal);
        Assert.Equal(["Active", "Expired", "Revoked"], cut.FindAll(".token-state").Select(s => s.TextContent));

        // A revoked token says when it was revoked, not how long it would have lasted.
        Assert.Equal("2 d ago", Dom.Text(cut.Find("tr[data-token=revoked] .revoked-at")));
        Assert.DoesNotContain("in 80 d", Dom.Text(cut.Find("tr[data-token=revoked]")), StringComparison.Ordinal);
        Assert.Contains("in 80 d", Dom.Text(cut.Find("tr[data-token=active]")), StringComparison.Ordinal);
        Assert.Single(cut.FindAll("button.revoke"));
    }

    [Fact]
    public void A_person_without_a_role_in_ops_sees_no_access_and_the_tokens_are_never_asked_for()
    {
        Access = new InMemoryPortalAccess(InMemoryPortalAccess.Oscar, ["dev", "stage", "prod"]);
        Tokens.Add("ci");

        var cut = Render<ApiTokensPage>();

        cut.WaitForAssertion(() => Assert.Equal("No access", cut.Find(".no-access h1").TextContent));
        Assert.Contains("You hold no role in ops", cut.Find(".no-access").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("form"));
        Assert.Empty(cut.FindAll("table"));
        Assert.Equal(0, Tokens.Lists);
    }

    [Fact]
    public void Before_the_live_connection_is_up_the_form_cannot_be_sent()
    {
        SetRendererInfo(new RendererInfo("Static", false));

        var cut = RenderReady();

        Assert.True(cut.Find("fieldset.token-form-fields").HasAttribute("disabled"));
    }

    private IRenderedComponent<ApiTokensPage> RenderReady()
    {
        var cut = Render<ApiTokensPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("form.token-form")));
        return cut;
    }
}
