using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class TriageTests(PortalBrowserFixture portal)
{
    /// <summary>The simulated CPU follows the real clock: the next one-minute datapoint, then the poll, show it.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Regression = new() { Timeout = 180_000 };

    private static readonly LocatorAssertionsToHaveAttributeOptions Rollout = new() { Timeout = 90_000 };

    [Fact]
    public async Task A_deploy_that_raises_cpu_shows_as_suspect_in_triage_and_is_rolled_back_from_the_card()
    {
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-api/services/pricing-api");
        await WaitForInteractivityAsync(page);
        await PortalBrowserFixture.UseRoleAsync(page, "prod", "Administrator");

        await page.Locator("#open-deploy").ClickAsync();
        var dialog = page.Locator(".dialog[role=dialog]");
        await dialog.Locator(".deploy-target", new() { HasText = "c0ffe42" }).ClickAsync();
        await dialog.Locator("#deploy-reason").FillAsync("Dynamic prices on every request");
        await dialog.Locator("#deploy-confirm").FillAsync("pricing-api");
        await dialog.Locator("#confirm-deploy").ClickAsync();
        await Assertions.Expect(page.Locator(".deployment-progress")).ToHaveAttributeAsync("data-status", "Completed", Rollout);

        await page.Locator(".tools-nav a", new() { HasText = "Triage" }).ClickAsync();
        var card = page.Locator("li.triage-card[data-environment=prod][data-service=pricing-api]");
        await Assertions.Expect(card.Locator(".suspect-mark")).ToBeVisibleAsync(Regression);
        await Assertions.Expect(card.Locator(".triage-deploy")).ToContainTextAsync("alice");
        await portal.ScreenshotAsync(page, "triage");

        await card.Locator("#open-rollback").ClickAsync();
        await Assertions.Expect(dialog.Locator(".rollback-target")).ToContainTextAsync("revision");
        await dialog.Locator("#deploy-reason").FillAsync("CPU regression after c0ffe42");
        await dialog.Locator("#deploy-confirm").FillAsync("pricing-api");
        await dialog.Locator("#confirm-deploy").ClickAsync();

        await Assertions.Expect(card).ToHaveCountAsync(0, new() { Timeout = 300_000 });
        await portal.ScreenshotAsync(page, "triage-rolled-back");
    }

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
