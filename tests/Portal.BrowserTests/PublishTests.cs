using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class PublishTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task The_marketing_publisher_publishes_the_newest_version_of_a_site_in_plain_words()
    {
        var page = await portal.NewPageAsync("maria");
        await page.GotoAsync(portal.BaseAddress + "/publish");
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });

        var site = page.Locator(".publish-site[data-site=www][data-environment=stage]");
        await Assertions.Expect(site).ToContainTextAsync("Winter sale landing page");
        await Assertions.Expect(page.Locator(".publish-sites")).Not.ToContainTextAsync("orders-api");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("task definition");
        await portal.ScreenshotAsync(page, "publish");

        await site.Locator(".publish-button").ClickAsync();
        await Assertions.Expect(page.Locator(".publish-dialog")).ToContainTextAsync("goes live on the preview site of www");
        await page.Locator("#confirm-publish").ClickAsync();
        await Assertions.Expect(site.Locator(".publish-progress")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 90_000 });
        await Assertions.Expect(site.Locator(".publish-progress")).ToContainTextAsync("Live.");
        await Assertions.Expect(page.Locator(".publish-history")).ToContainTextAsync("maria");
        await portal.ScreenshotAsync(page, "publish-done");
    }
}
