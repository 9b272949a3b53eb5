using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class ApiTokensTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task The_administrator_creates_a_token_sees_its_secret_once_and_revokes_it()
    {
        var page = await portal.NewPageAsync("alice");

        // A link followed while the live connection is still starting can leave the old page showing.
        await WaitForInteractivityAsync(page);
        await page.Locator(".tools-nav a", new() { HasText = "Tokens" }).ClickAsync();
        await page.WaitForURLAsync(portal.BaseAddress + "/admin/tokens");
        await WaitForInteractivityAsync(page);

        // By keyboard, as the form is meant to be used.
        await page.Locator("#token-name").FillAsync("bad name");
        await page.Locator("#token-name").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".token-problem")).ToContainTextAsync("Name 'bad name' cannot be used");
        await page.Locator("#token-name").FillAsync("ci-browser");
        await page.Locator("#token-environments input[value=dev]").CheckAsync();
        await page.Locator("#token-actions input[value=deploy]").CheckAsync();
        await page.Locator("#token-expiry").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "30 days" }).ClickAsync();
        await Assertions.Expect(page.Locator("#token-expiry")).ToHaveValueAsync("30 days");
        await page.Locator("#token-name").PressAsync("Enter");

        await Assertions.Expect(page.Locator(".token-problem")).ToHaveCountAsync(0);
        var secretBox = page.Locator(".token-secret");
        await Assertions.Expect(secretBox).ToContainTextAsync("Copy it now: it will not be shown again");
        await Assertions.Expect(secretBox).ToBeFocusedAsync();
        var secret = await page.Locator(".token-secret .secret").TextContentAsync();
        Assert.StartsWith("ptk_", secret, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".token-secret .usage")).ToContainTextAsync($"Authorization: Bearer {secret}");
        var row = page.Locator("tr[data-token=ci-browser]");
        await Assertions.Expect(row.Locator(".token-state")).ToHaveTextAsync("Active");
        await Assertions.Expect(row.Locator(".last-used")).ToHaveTextAsync("never");
        await portal.ScreenshotAsync(page, "api-tokens-created");

        await page.ReloadAsync();
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(row.Locator(".token-state")).ToHaveTextAsync("Active");
        await Assertions.Expect(page.Locator(".token-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret!, await page.ContentAsync(), StringComparison.Ordinal);

        await row.Locator("button.revoke").ClickAsync();
        await Assertions.Expect(row.Locator("button.revoke")).ToHaveTextAsync("Confirm revoke");
        await Assertions.Expect(row.Locator(".token-state")).ToHaveTextAsync("Active");
        await row.Locator("button.revoke").ClickAsync();
        await Assertions.Expect(row.Locator(".token-state")).ToHaveTextAsync("Revoked");
        await Assertions.Expect(row.Locator("button")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".revoke-done")).ToContainTextAsync("Revoked API token 'ci-browser'");
        await portal.ScreenshotAsync(page, "api-tokens");
    }

    [Fact]
    public async Task At_phone_width_each_token_is_a_card_and_nothing_scrolls_sideways()
    {
        var page = await portal.NewPageAsync("alice", PortalBrowserFixture.Phone);
        await page.GotoAsync(portal.BaseAddress + "/admin/tokens");
        await WaitForInteractivityAsync(page);
        if (await page.Locator("tr.token-row").CountAsync() == 0)
        {
            await page.Locator("#token-name").FillAsync("ci-phone");
            await page.Locator("#token-environments input[value=dev]").CheckAsync();
            await page.Locator("#token-actions input[value=view]").CheckAsync();
            await page.Locator("#token-name").PressAsync("Enter");
            await page.Locator(".dismiss-secret").ClickAsync();
        }

        var row = page.Locator("tr.token-row").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".api-tokens table thead")).ToBeHiddenAsync();
        var expires = await row.Locator("td[data-label=Expires]").BoundingBoxAsync();
        var state = await row.Locator("td[data-label=State]").BoundingBoxAsync();
        Assert.True(state!.Y >= expires!.Y + expires.Height, $"the state ({state.Y}) is below the expiry ({expires.Y})");
        Assert.Empty(await SidewaysScroll.WiderThanTheirBoxAsync(page, ".api-tokens"));
        await portal.ScreenshotAsync(page, "api-tokens-phone");
    }

    [Fact]
    public async Task The_on_call_engineer_opening_the_page_sees_no_access()
    {
        var page = await portal.NewPageAsync("oscar");

        await page.GotoAsync(portal.BaseAddress + "/admin/tokens");

        await Assertions.Expect(page.Locator(".no-access h1")).ToHaveTextAsync("No access");
        await Assertions.Expect(page.Locator("form.token-form")).ToHaveCountAsync(0);
    }

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
