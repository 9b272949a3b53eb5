using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class DeployTests(PortalBrowserFixture portal)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Rollout = new() { Timeout = 90_000 };

    [Fact]
    public async Task The_administrator_deploys_a_build_to_stage_watches_it_complete_and_rolls_it_back_in_one_click()
    {
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync(portal.BaseAddress + "/environments/stage/clusters/stage-api/services/orders-api");
        await WaitForInteractivityAsync(page);
        await PortalBrowserFixture.UseRoleAsync(page, "stage", "Administrator");

        await page.Locator("#open-deploy").ClickAsync();
        var dialog = page.Locator(".dialog[role=dialog]");
        await Assertions.Expect(dialog).ToContainTextAsync("Idempotent order submission");
        await dialog.Locator(".deploy-target", new() { HasText = "e8d2c91" }).ClickAsync();
        await Assertions.Expect(dialog.Locator(".deploy-preview")).ToContainTextAsync("orders-api:e8d2c91");
        await portal.ScreenshotAsync(page, "deploy-dialog");
        await dialog.Locator("#confirm-deploy").ClickAsync();

        var progress = page.Locator(".deployment-progress");
        await Assertions.Expect(progress).ToContainTextAsync("Deploy by alice");
        await portal.ScreenshotAsync(page, "deploy-progress");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "Completed", Rollout);
        await Assertions.Expect(page.Locator("#open-rollback")).ToBeEnabledAsync(new() { Timeout = 30_000 });

        await page.Locator("#open-rollback").ClickAsync();
        await Assertions.Expect(dialog.Locator(".rollback-target")).ToContainTextAsync("revision");
        await portal.ScreenshotAsync(page, "rollback-dialog");
        await dialog.Locator("#confirm-deploy").ClickAsync();
        await Assertions.Expect(progress).ToContainTextAsync("Rollback by alice");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "Completed", Rollout);
    }

    [Fact]
    public async Task The_faulty_build_in_prod_needs_a_reason_and_the_typed_name_and_is_rolled_back_by_the_circuit_breaker()
    {
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-api/services/tracking-api");
        await WaitForInteractivityAsync(page);
        await PortalBrowserFixture.UseRoleAsync(page, "prod", "Administrator");

        await page.Locator("#open-deploy").ClickAsync();
        var dialog = page.Locator(".dialog[role=dialog]");
        await dialog.Locator(".deploy-target", new() { HasText = "9c41f2e" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("#confirm-deploy")).ToBeDisabledAsync();
        await dialog.Locator("#deploy-reason").FillAsync("Connection pool fix for the timeouts");
        await dialog.Locator("#deploy-confirm").FillAsync("tracking-api");
        await Assertions.Expect(dialog.Locator("#confirm-deploy")).ToBeEnabledAsync();
        await portal.ScreenshotAsync(page, "deploy-dialog-prod");
        await dialog.Locator("#confirm-deploy").ClickAsync();

        var progress = page.Locator(".deployment-progress");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "RolledBack", Rollout);
        await Assertions.Expect(progress).ToContainTextAsync("circuit breaker");
        await portal.ScreenshotAsync(page, "deploy-rolled-back");
    }

    [Fact]
    public async Task The_on_call_engineer_sees_the_deploy_controls_disabled_with_the_reason()
    {
        var page = await portal.NewPageAsync("oscar");
        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-api/services/orders-api");
        await WaitForInteractivityAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("orders-api");
        await Assertions.Expect(page.Locator("#open-deploy")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator(".permission-note")).ToContainTextAsync("ask an administrator");
    }

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
