using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class CostsTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task Alice_sees_every_account_thirteen_months_and_the_anomaly()
    {
        var page = await portal.NewPageAsync("alice");
        await OpenCostsAsync(page);

        await Assertions.Expect(page.Locator(".cost-accounts table tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".month-chart .mud-charts-xaxis text")).ToHaveCountAsync(13);
        await Assertions.Expect(page.Locator(".month-chart .mud-charts-xaxis text", new() { HasText = "*" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".cost-environment input")).ToHaveValueAsync("prod");
        await Assertions.Expect(page.Locator(".day-bar.anomaly")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".cost-ecs-services table tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("button.refresh-costs")).ToBeVisibleAsync();
        await portal.ScreenshotAsync(page, "costs");

        // Another environment's ECS services and days, chosen from the select.
        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await page.Locator(".cost-environment").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "dev", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".cost-environment input")).ToHaveValueAsync("dev");
        await Assertions.Expect(page.Locator("[aria-label='Top ECS services'] h2")).ToContainTextAsync("in dev");
        await Assertions.Expect(page.Locator("[aria-label='Daily trend'] h2")).ToContainTextAsync("in dev");
    }

    [Fact]
    public async Task At_phone_width_the_cost_tables_are_cards_and_nothing_scrolls_sideways()
    {
        var page = await portal.NewPageAsync("alice", PortalBrowserFixture.Phone);
        await OpenCostsAsync(page);
        await Assertions.Expect(page.Locator(".cost-ecs-services table tbody tr").First).ToBeVisibleAsync();

        // Each account is a card: no header row, each figure on its own line under its column's name.
        await Assertions.Expect(page.Locator(".cost-accounts table thead")).ToBeHiddenAsync();
        var prod = page.Locator(".cost-accounts table tbody tr[data-environment=prod]");
        var mtd = await prod.Locator(".mtd").BoundingBoxAsync();
        var forecast = await prod.Locator(".forecast").BoundingBoxAsync();
        Assert.True(forecast!.Y >= mtd!.Y + mtd.Height, $"the forecast ({forecast.Y}) is below the month to date ({mtd.Y})");
        Assert.Equal("\"Month to date\"", await prod.Locator(".mtd").EvaluateAsync<string>("cell => getComputedStyle(cell, '::before').content"));

        Assert.Empty(await SidewaysScroll.WiderThanTheirBoxAsync(page, ".cost-accounts, .cost-ecs-services"));
        await portal.ScreenshotAsync(page, "costs-phone");
    }

    [Fact]
    public async Task A_service_page_shows_its_cost()
    {
        var page = await portal.NewPageAsync("alice");
        await OpenCostsAsync(page);
        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-api/services/tracking-api");

        var cost = page.Locator("section.service-cost [data-cost=month-to-date]");
        await Assertions.Expect(cost).ToContainTextAsync("$");
        await portal.ScreenshotAsync(page, "service-cost");
    }

    [Fact]
    public async Task Dmitri_sees_only_dev()
    {
        var page = await portal.NewPageAsync("dmitri");
        await OpenCostsAsync(page);

        await Assertions.Expect(page.Locator(".cost-accounts table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".cost-accounts table tbody tr[data-environment=dev]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("536492031845");
        await Assertions.Expect(page.Locator("button.refresh-costs")).ToHaveCountAsync(0);

        var csv = await page.APIRequest.GetAsync(portal.BaseAddress + "/api/costs.csv");
        Assert.True(csv.Ok);
        var text = await csv.TextAsync();
        Assert.Contains(",dev,318274650192,", text, StringComparison.Ordinal);
        Assert.DoesNotContain("536492031845", text, StringComparison.Ordinal);
        await portal.ScreenshotAsync(page, "costs-dev-only");
    }

    /// <summary>Opens /costs once the first refresh has filled the cache (the host does it on start).</summary>
    private async Task OpenCostsAsync(IPage page)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.GotoAsync(portal.BaseAddress + "/costs");
            if (await page.Locator(".cost-accounts table").CountAsync() > 0 || attempt >= 20)
            {
                break;
            }

            await Task.Delay(500);
        }

        await Assertions.Expect(page.Locator(".cost-accounts table")).ToBeVisibleAsync();
    }
}
