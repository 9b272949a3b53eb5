using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// Deploy and rollback as a new user meets them: dialogs that take the keyboard, buttons that follow the
/// service in every tab, a rollback that never returns to the build just left, and reasons for what is disabled.
/// </summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class TrustedRollbackTests(PortalBrowserFixture portal)
{
    private const string ServicePage = "/environments/stage/clusters/stage-api/services/payments-api";

    private static readonly LocatorAssertionsToHaveAttributeOptions Rollout = new() { Timeout = 90_000 };

    [Fact]
    public async Task Every_tab_follows_a_deploy_and_its_rollback_and_the_next_rollback_never_offers_the_build_just_left()
    {
        var deploying = await OpenAsync("alice");
        var watching = await OpenAsync("alice");

        await deploying.Locator("#open-deploy").ClickAsync();
        var dialog = deploying.Locator(".dialog[role=dialog]");
        await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
        await deploying.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        await deploying.Locator("#open-deploy").ClickAsync();
        var build = dialog.Locator(".deploy-target", new() { HasText = "17aa3f0" });
        await Assertions.Expect(build.Locator(".ci-link")).ToHaveAttributeAsync("href", "https://ci.example.internal/payments-api/runs/17aa3f0");
        await build.Locator(".target-main").ClickAsync();
        await Assertions.Expect(dialog.Locator(".deploy-preview")).ToContainTextAsync("payments-api:17aa3f0");
        await dialog.Locator("#confirm-deploy").ClickAsync();

        // The other tab sees it start, move and finish without a reload.
        var progress = watching.Locator(".deployment-progress");
        await Assertions.Expect(progress).ToContainTextAsync("Deploy by alice", new() { Timeout = 30_000 });
        await Assertions.Expect(watching.Locator("#open-deploy")).ToBeDisabledAsync();
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "Completed", Rollout);
        await Assertions.Expect(watching.Locator("#open-rollback")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(deploying.Locator("#open-rollback")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await portal.ScreenshotAsync(watching, "deploy-seen-from-another-tab");

        await watching.Locator("#open-rollback").ClickAsync();
        var rollback = watching.Locator(".dialog[role=dialog]");
        await Assertions.Expect(rollback.Locator(".revision-option").First).ToContainTextAsync("ACTIVE in ECS");
        await Assertions.Expect(rollback.Locator(".rollback-target")).Not.ToContainTextAsync("the image of that revision");
        await portal.ScreenshotAsync(watching, "rollback-dialog-revisions");
        await rollback.Locator("#confirm-deploy").ClickAsync();
        await Assertions.Expect(deploying.Locator(".deployment-progress")).ToContainTextAsync("Rollback by alice", new() { Timeout = 30_000 });
        await Assertions.Expect(deploying.Locator(".deployment-progress")).ToHaveAttributeAsync("data-status", "Completed", Rollout);

        // Rolled back to what ran before the portal's first deploy: nothing earlier is recorded, and never the build just left.
        await Assertions.Expect(deploying.Locator("#open-rollback")).ToBeDisabledAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(deploying.Locator("#open-rollback")).ToHaveAttributeAsync("title", "No earlier completed deployment of this service is recorded");
    }

    [Fact]
    public async Task A_dialog_closes_on_a_click_outside_it()
    {
        var page = await OpenAsync("alice");

        await page.Locator("#open-deploy").ClickAsync();
        await Assertions.Expect(page.Locator(".dialog[role=dialog]")).ToBeVisibleAsync();
        await page.Mouse.ClickAsync(5, 5);

        await Assertions.Expect(page.Locator(".dialog[role=dialog]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_read_only_person_sees_deploy_disabled_with_the_reason_and_the_role_that_would_allow_it()
    {
        var page = await portal.NewPageAsync("oscar");
        await page.GotoAsync(portal.BaseAddress + ServicePage);
        await WaitForInteractivityAsync(page);

        await Assertions.Expect(page.Locator("#open-deploy")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("#open-rollback")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator(".permission-note")).ToContainTextAsync("Deployer");
        await portal.ScreenshotAsync(page, "deploy-not-allowed");
    }

    [Fact]
    public async Task On_a_phone_the_service_page_and_the_deploy_dialog_do_not_scroll_sideways()
    {
        var page = await OpenAsync("alice");
        await page.SetViewportSizeAsync(390, 844);

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The service page scrolls sideways at 390 px: " + await WiderThanAsync(page, 390));
        await page.Locator("#open-deploy").ClickAsync();
        await Assertions.Expect(page.Locator(".dialog[role=dialog] .deploy-target").First).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The deploy dialog scrolls sideways at 390 px: " + await WiderThanAsync(page, 390));
        await portal.ScreenshotAsync(page, "deploy-dialog-phone");
    }

    private async Task<IPage> OpenAsync(string person)
    {
        var page = await portal.NewPageAsync(person);
        await page.GotoAsync(portal.BaseAddress + ServicePage);
        await WaitForInteractivityAsync(page);
        await PortalBrowserFixture.UseRoleAsync(page, "stage", "Administrator");
        return page;
    }

    /// <summary>The innermost elements reaching past the viewport's right edge, to say what widens the page.</summary>
    private static Task<string> WiderThanAsync(IPage page, int width) =>
        page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))"
            + ".slice(0, 8).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')",
            width);

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
