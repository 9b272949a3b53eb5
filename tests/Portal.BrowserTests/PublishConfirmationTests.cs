using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class PublishConfirmationTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task Publishing_asks_first_what_goes_live_where_and_says_live_only_beside_the_new_version()
    {
        var page = await portal.NewPageAsync("maria");
        await page.GotoAsync(portal.BaseAddress + "/publish");
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
        var site = page.Locator(".publish-site[data-site=help-center][data-environment=stage]");
        var dialog = page.Locator(".publish-dialog");

        await site.Locator(".publish-button").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("“Add article on exporting invoices” by maria goes live on the preview site of help-center (help.acme.example)");
        await portal.ScreenshotAsync(page, "publish-confirm");
        await page.Locator("#cancel-publish").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(site.Locator(".publish-progress")).ToHaveCountAsync(0);

        await site.Locator(".publish-button").ClickAsync();
        await page.Locator("#confirm-publish").ClickAsync();

        await Assertions.Expect(site.Locator(".publish-progress")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 90_000 });
        await Assertions.Expect(site).ToContainTextAsync("Live now: “Add article on exporting invoices”");
        await Assertions.Expect(site.Locator(".publish-button")).ToHaveCountAsync(0);
    }
}
