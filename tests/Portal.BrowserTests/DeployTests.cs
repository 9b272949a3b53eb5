using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
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

    /// <summary>
    /// The dialogs' fields and choices are the component library's, in both palettes and at both widths: a deploy to prod
    /// (typed confirmation), then its rollback and the auto-deploy confirmation, each checked with axe-core and photographed;
    /// the choices move with the arrow keys.
    /// </summary>
    [Fact]
    public async Task The_deploy_and_rollback_dialogs_read_in_light_and_dark_on_desktop_and_phone_and_choose_with_the_arrow_keys()
    {
        const string CheckoutInProd = "/environments/prod/clusters/prod-app/services/checkout-web";
        var first = await portal.NewPageAsync("alice");
        await first.GotoAsync(portal.BaseAddress + CheckoutInProd);
        await WaitForInteractivityAsync(first);
        await PortalBrowserFixture.UseRoleAsync(first, "prod", "Administrator");
        await first.Locator("#open-deploy").ClickAsync();
        var deploying = first.Locator(".dialog[role=dialog]");
        await deploying.Locator(".deploy-target", new() { HasText = "4be1a07" }).ClickAsync();
        await deploying.Locator("#deploy-reason").FillAsync("Delivery estimate on the basket page");
        await deploying.Locator("#deploy-confirm").FillAsync("checkout-web");
        await deploying.Locator("#confirm-deploy").ClickAsync();
        await Assertions.Expect(first.Locator(".deployment-progress")).ToHaveAttributeAsync("data-status", "Completed", Rollout);
        await Assertions.Expect(first.Locator("#open-rollback")).ToBeEnabledAsync(new() { Timeout = 30_000 });

        var found = new List<string>();
        foreach (var (device, viewport) in new[] { ("desktop", PortalBrowserFixture.Desktop), ("phone", PortalBrowserFixture.Phone) })
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                var where = $"{device}-{(scheme == ColorScheme.Dark ? "dark" : "light")}";
                var page = await portal.NewPageAsync("alice", viewport, scheme);
                await page.GotoAsync(portal.BaseAddress + CheckoutInProd);
                await WaitForInteractivityAsync(page);
                await PortalBrowserFixture.UseRoleAsync(page, "prod", "Administrator");

                await page.Locator("#auto-deploy").CheckAsync();
                var confirmSwitch = page.Locator("#auto-deploy-confirm");
                await confirmSwitch.Locator("#auto-deploy-name").FillAsync("checkout-web");
                await Assertions.Expect(confirmSwitch.Locator("#auto-deploy-blocker")).ToContainTextAsync("Say why");
                await Assertions.Expect(page.Locator("#confirm-auto-deploy")).ToBeDisabledAsync();
                found.AddRange(await SeriousViolationsAsync(page, ".deploy-controls", $"auto-deploy confirmation ({where})"));
                await ViewportScreenshotAsync(page, $"auto-deploy-confirm-{where}");
                await page.Locator("#cancel-auto-deploy").ClickAsync();
                await Assertions.Expect(page.Locator("#auto-deploy")).Not.ToBeCheckedAsync();

                await page.Locator("#open-deploy").ClickAsync();
                var dialog = page.Locator(".dialog[role=dialog]");
                await dialog.Locator(".deploy-target").First.ClickAsync();
                await Assertions.Expect(dialog.Locator(".deploy-preview")).ToBeVisibleAsync();
                await dialog.Locator("#deploy-reason").FillAsync("Delivery estimate on the basket page");
                await Assertions.Expect(dialog.Locator("#confirm-deploy")).ToBeDisabledAsync();
                await Assertions.Expect(dialog.Locator("#confirm-blocker")).ToContainTextAsync("type the service name");
                await dialog.Locator("#deploy-confirm").FillAsync("checkout-web");
                await Assertions.Expect(dialog.Locator("#confirm-deploy")).ToBeEnabledAsync();
                found.AddRange(await SeriousViolationsAsync(page, Dialog, $"deploy dialog ({where})"));
                await ViewportScreenshotAsync(page, $"deploy-dialog-typed-{where}");
                await page.Keyboard.PressAsync("Escape");
                await Assertions.Expect(dialog).ToHaveCountAsync(0);

                await page.Locator("#open-rollback").ClickAsync();
                await Assertions.Expect(dialog.Locator(".rollback-target")).ToContainTextAsync("revision");
                await Assertions.Expect(dialog.Locator(".revision-option input[type=radio]").First).ToBeCheckedAsync();
                await dialog.Locator("#deploy-reason").FillAsync("Back to the page without the estimate");
                found.AddRange(await SeriousViolationsAsync(page, Dialog, $"rollback dialog ({where})"));
                await ViewportScreenshotAsync(page, $"rollback-dialog-{where}");
                await page.Context.CloseAsync();
            }
        }

        await first.Locator("#open-rollback").ClickAsync();
        await deploying.Locator("#deploy-reason").FillAsync("Back to the page without the estimate");
        await deploying.Locator("#deploy-confirm").FillAsync("checkout-web");
        await deploying.Locator("#confirm-deploy").ClickAsync();
        await Assertions.Expect(first.Locator(".deployment-progress")).ToContainTextAsync("Rollback by alice");
        await Assertions.Expect(first.Locator(".deployment-progress")).ToHaveAttributeAsync("data-status", "Completed", Rollout);
        await Assertions.Expect(first.Locator("#open-deploy")).ToBeEnabledAsync(new() { Timeout = 30_000 });

        // Rolled back, the build becomes an earlier revision to deploy again beside the build itself: the arrow keys move
        // the choice between them, as in any radio group, and Confirm follows.
        await first.Locator("#open-deploy").ClickAsync();
        var options = deploying.Locator(".deploy-target input[type=radio]");
        await Assertions.Expect(options.First).ToBeAttachedAsync();
        Assert.True(await options.CountAsync() >= 2, "The deploy dialog should offer the build and an earlier revision: " + await deploying.Locator(".deploy-targets").TextContentAsync());
        await options.Nth(0).CheckAsync();
        await first.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(options.Nth(1)).ToBeCheckedAsync();
        await Assertions.Expect(options.Nth(1)).ToBeFocusedAsync();
        await Assertions.Expect(options.Nth(0)).Not.ToBeCheckedAsync();
        await first.Keyboard.PressAsync("ArrowUp");
        await Assertions.Expect(options.Nth(0)).ToBeCheckedAsync();
        await Assertions.Expect(deploying.Locator("#confirm-blocker")).ToContainTextAsync("type the service name");

        await first.Context.CloseAsync();
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>What the person sees with the dialog open: the page behind it is dimmed only within the viewport.</summary>
    private Task ViewportScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(portal.ScreenshotDirectory, name + ".png") });

    private const string Dialog = ".dialog[role=dialog]";

    /// <summary>Only what <paramref name="selector"/> selects: with a dialog open the page behind it is inert under the overlay, and the shell's own test checks the page.</summary>
    private static async Task<List<string>> SeriousViolationsAsync(IPage page, string selector, string where)
    {
        var result = await page.Locator(selector).RunAxe();
        return
        [
            .. result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"),
        ];
    }

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
