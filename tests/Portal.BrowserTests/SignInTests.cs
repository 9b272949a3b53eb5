using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed partial class SignInTests(PortalBrowserFixture portal)
{
    private const string ProdRed = "rgb(209, 50, 18)";
    private const string StageAmber = "rgb(199, 119, 0)";

    [Fact]
    public async Task Sign_in_switch_role_and_sign_out_and_protected_pages_then_send_to_sign_in()
    {
        var page = await portal.NewSignedOutPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/environments/prod");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl=%2Fenvironments%2Fprod"));
        await portal.ScreenshotAsync(page, "sign-in");

        await page.Locator("button.quick-user[data-user=alice]").ClickAsync();
        await page.WaitForURLAsync(portal.BaseAddress + "/environments/prod");
        await WaitForInteractivityAsync(page);
        var label = page.Locator(".role-label");
        await Assertions.Expect(label).ToHaveTextAsync("alice · prod · Administrator");
        await Assertions.Expect(label).ToHaveCSSAsync("background-color", ProdRed);

        await label.ClickAsync();
        await Assertions.Expect(page.Locator(".role-menu")).ToBeVisibleAsync();
        await portal.ScreenshotAsync(page, "role-switcher");
        await page.Locator(".role-group[aria-label=prod] .role-option", new() { HasText = "ReadOnly" }).ClickAsync();
        await Assertions.Expect(label).ToHaveTextAsync("alice · prod · ReadOnly");

        await page.GotoAsync(portal.BaseAddress + "/");
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(label).ToHaveTextAsync("alice · prod · ReadOnly");
        await label.ClickAsync();
        await page.Locator(".role-group[aria-label=stage] .role-option", new() { HasText = "Administrator" }).ClickAsync();
        await Assertions.Expect(label).ToHaveTextAsync("alice · stage · Administrator");
        await Assertions.Expect(label).ToHaveCSSAsync("background-color", StageAmber);
        await portal.ScreenshotAsync(page, "role-switched");

        // Remembered per person: a new browser signed in as alice finds prod still read-only.
        var elsewhere = await portal.NewPageAsync("alice");
        await elsewhere.GotoAsync(portal.BaseAddress + "/environments/prod");
        await Assertions.Expect(elsewhere.Locator(".role-label")).ToHaveTextAsync("alice · prod · ReadOnly");

        await label.ClickAsync();
        await page.Locator(".role-menu .sign-out button").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?signedOut=true"));
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("You are signed out");
        await page.GotoAsync(portal.BaseAddress + "/environments/stage");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl="));
    }

    [Fact]
    public async Task The_dev_only_developer_sees_only_dev_and_a_prod_address_says_no_access()
    {
        var page = await portal.NewPageAsync("dmitri");
        await Assertions.Expect(page.Locator(".env-card")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".env-card[data-environment=dev]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".env-nav")).Not.ToContainTextAsync("prod");
        await Assertions.Expect(page.Locator(".matrix table")).Not.ToContainTextAsync("prod");

        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-api/services/orders-api");
        await Assertions.Expect(page.Locator(".no-access h1")).ToHaveTextAsync("No access");
        await Assertions.Expect(page.Locator(".no-access")).ToContainTextAsync("no environment named 'prod'");
        await portal.ScreenshotAsync(page, "no-access-prod");
    }

    [Fact]
    public async Task The_device_flow_signs_in_once_the_code_is_approved_on_the_simulated_identity_center()
    {
        var page = await portal.NewSignedOutPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/sign-in");
        await page.Locator("#device-sign-in").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in/device/"));
        var userCode = await page.Locator(".user-code").GetAttributeAsync("data-user-code");
        Assert.Matches("^[A-Z]{4}-[A-Z]{4}$", userCode);
        await portal.ScreenshotAsync(page, "device-sign-in-code");

        // The person confirms on the verification page in another tab of the same browser.
        var verification = await page.Context.NewPageAsync();
        var href = await page.Locator("#verification-link").GetAttributeAsync("href");
        await verification.GotoAsync(portal.BaseAddress + "/" + href!.TrimStart('/'));
        await Assertions.Expect(verification.Locator("#user-code")).ToHaveValueAsync(userCode!);
        await verification.Locator("#user-name").SelectOptionAsync("sam");
        await portal.ScreenshotAsync(verification, "simulated-device-approval");
        await verification.Locator("#approve").ClickAsync();
        await Assertions.Expect(verification.Locator("[data-answer=Approved]")).ToBeVisibleAsync();

        await page.WaitForURLAsync(portal.BaseAddress + "/", new() { Timeout = 30_000 });
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator(".role-label")).ToHaveTextAsync("sam · prod · ReadOnly");
    }

    [Fact]
    public async Task A_declined_device_sign_in_says_so_on_the_sign_in_page()
    {
        var page = await portal.NewSignedOutPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/sign-in");
        await page.Locator("#device-sign-in").ClickAsync();
        var userCode = await page.Locator(".user-code").GetAttributeAsync("data-user-code");

        var verification = await page.Context.NewPageAsync();
        await verification.GotoAsync(portal.BaseAddress + "/simulated/device?user_code=" + userCode);
        await verification.Locator("#deny").ClickAsync();

        await page.WaitForURLAsync(new Regex("/sign-in\\?problem=declined"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".notice-error")).ToContainTextAsync("declined");
    }

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
