using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Server.Deployments;

namespace Portal.BrowserTests;

/// <summary>Two tabs of one service: what one starts, the other shows, live.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class LiveTabsTests(PortalBrowserFixture portal)
{
    private const string ServicePath = "/environments/dev/clusters/dev-api/services/identity-api";
    private static readonly LocatorAssertionsToHaveAttributeOptions Rollout = new() { Timeout = 90_000 };

    [Fact]
    public async Task A_deploy_started_in_one_tab_shows_in_progress_in_the_other_with_deploy_disabled()
    {
        var tag = Guid.NewGuid().ToString("N")[..7];
        await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            "identity-api", $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/identity-api:{tag}", tag, "Token refresh fix", "tester", null, "test", CancellationToken.None);
        var watching = await OpenAsync();
        var deploying = await OpenAsync();
        await Assertions.Expect(watching.Locator("#open-deploy")).ToBeEnabledAsync();

        await deploying.Locator("#open-deploy").ClickAsync();
        var dialog = deploying.Locator(".dialog[role=dialog]");
        await dialog.Locator(".deploy-target", new() { HasText = tag }).ClickAsync();
        await dialog.Locator("#confirm-deploy").ClickAsync();

        var progress = watching.Locator(".deployment-progress");
        await Assertions.Expect(progress).ToContainTextAsync("Deploy by alice", new() { Timeout = 20_000 });
        await Assertions.Expect(watching.Locator("#open-deploy")).ToBeDisabledAsync();
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-status", "Completed", Rollout);
        await Assertions.Expect(watching.Locator("#open-deploy")).ToBeEnabledAsync(new() { Timeout = 30_000 });
    }

    private async Task<IPage> OpenAsync()
    {
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync(portal.BaseAddress + ServicePath);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
        await PortalBrowserFixture.UseRoleAsync(page, "dev", "Administrator");
        return page;
    }
}
