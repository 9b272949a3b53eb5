using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed partial class PublishFromBadgeTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task A_marketing_publisher_follows_the_badge_signs_in_publishes_and_the_badge_shows_the_new_live_version()
    {
        var badge = portal.BaseAddress + "/badges/prod/help-center.svg";
        var link = portal.BaseAddress + "/publish/prod/help-center";
        var page = await portal.NewSignedOutPageAsync(PortalBrowserFixture.Desktop);
        Assert.Contains("new version ready", await BadgeAsync(page, badge), StringComparison.Ordinal);

        // The repository's README, as the code host renders the snippet: the badge, linked.
        await page.SetContentAsync($"<h1>help-center-content</h1><p><a id=\"publish-badge\" href=\"{link}\"><img alt=\"help-center on the live site\" src=\"{badge}\"></a></p>");
        await page.Locator("#publish-badge").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SignInWithReturn());
        await page.Locator("button.quick-user[data-user=maria]").ClickAsync();
        await page.WaitForURLAsync(link);
        await PortalBrowserFixture.WaitForInteractivityAsync(page);

        var detail = page.Locator(".publish-site-detail");
        await Assertions.Expect(detail).ToContainTextAsync("What the new version contains");
        await Assertions.Expect(detail).ToContainTextAsync("“Add article on exporting invoices” by maria");
        await Assertions.Expect(detail.Locator(".publish-pages")).ToContainTextAsync("articles/billing/exporting-invoices");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("task definition");
        await SaveAsync(page, "publish-from-badge-desktop");

        await page.Locator(".publish-site .publish-button").ClickAsync();
        await Assertions.Expect(page.Locator(".publish-dialog")).ToContainTextAsync("goes live on the live site of help-center");
        await page.Locator("#confirm-publish").ClickAsync();
        await Assertions.Expect(page.Locator(".publish-site .publish-progress")).ToHaveAttributeAsync("data-status", "Completed", new() { Timeout = 90_000 });
        await Assertions.Expect(detail).ToContainTextAsync("There is no new version waiting");

        Assert.Contains("live a3b8d11", await BadgeAsync(page, badge), StringComparison.Ordinal);

        var phone = await portal.NewPageAsync("maria", PortalBrowserFixture.Phone);
        await phone.GotoAsync(link);
        await PortalBrowserFixture.WaitForInteractivityAsync(phone);
        await Assertions.Expect(phone.Locator(".publish-site-detail")).ToContainTextAsync("Live now: “Add article on exporting invoices”");
        await SaveAsync(phone, "publish-from-badge-phone");
    }

    [Fact]
    public async Task Someone_without_the_publisher_role_sees_who_can_publish()
    {
        var page = await portal.NewPageAsync("oscar");
        await page.GotoAsync(portal.BaseAddress + "/publish/prod/www");
        await PortalBrowserFixture.WaitForInteractivityAsync(page);

        await Assertions.Expect(page.Locator(".publish-who")).ToContainTextAsync("You cannot publish this site");
        await Assertions.Expect(page.Locator(".publish-who")).ToContainTextAsync("Maria");
        await Assertions.Expect(page.Locator(".publish-button")).ToHaveCountAsync(0);
    }

    /// <summary>The badge as anyone fetches it: no session, no cache.</summary>
    private static async Task<string> BadgeAsync(IPage page, string address)
    {
        var response = await page.APIRequest.GetAsync(address);
        return await response.TextAsync();
    }

    private async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(portal.DocumentationScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(portal.DocumentationScreenshotDirectory, name + ".png"), FullPage = true });
    }

    [GeneratedRegex("/sign-in\\?returnUrl=%2Fpublish%2Fprod%2Fhelp-center")]
    private static partial Regex SignInWithReturn();
}
