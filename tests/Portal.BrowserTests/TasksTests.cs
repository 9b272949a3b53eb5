using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>Stopped tasks and why, on the service page and on the triage card that leads to them.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed class TasksTests(PortalBrowserFixture portal)
{
    private const string TrackingApi = "/environments/dev/clusters/dev-api/services/tracking-api";

    [Fact]
    public async Task The_bad_build_shows_its_stopped_tasks_with_their_reason_on_the_service_page_and_its_triage_card()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + TrackingApi);
        await PortalBrowserFixture.WaitForInteractivityAsync(page);

        // CI deploys the faulty build two simulated minutes after start; its tasks fail their container health checks one after another.
        var tasks = page.Locator("#tasks");
        await Assertions.Expect(tasks.Locator(".task-stops")).ToContainTextAsync("stopped in the last hour: Task failed container health checks", new() { Timeout = 60_000 });
        await Assertions.Expect(tasks.Locator(".tasks-stopped .task-unexpected").First).ToContainTextAsync("Task failed container health checks");
        await Assertions.Expect(tasks.Locator(".tasks-stopped .task-container[data-container=tracking-api]").First).ToContainTextAsync("unhealthy");
        var logs = await tasks.Locator(".tasks-stopped .task-container[data-container=tracking-api] a").First.GetAttributeAsync("href");
        Assert.StartsWith("https://signin.aws.amazon.com/switchrole?account=", logs);
        Assert.Contains("logsV2", Uri.UnescapeDataString(logs!));
        await Assertions.Expect(page.Locator(".reasons")).ToContainTextAsync("Tasks keep stopping: Task failed container health checks", new() { Timeout = 30_000 });
        await ScreenshotsAsync(page, TrackingApi + "#tasks", "service-tasks", "#tasks .task-stops");

        await page.GotoAsync(portal.BaseAddress + "/triage");
        var card = page.Locator(".triage-card[data-service=tracking-api][data-environment=dev]");
        var line = card.Locator("a.triage-tasks");
        await Assertions.Expect(line.First).ToContainTextAsync("Tasks keep stopping: Task failed container health checks", new() { Timeout = 30_000 });
        await ScreenshotsAsync(page, "/triage", "triage-tasks", ".triage-card[data-service=tracking-api][data-environment=dev] a.triage-tasks");

        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await line.First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("services/tracking-api#tasks$"));
        await Assertions.Expect(page.Locator("#tasks .task-stops")).ToBeVisibleAsync();
    }

    /// <summary>The page at desktop and phone width, once what it is about is on it.</summary>
    private async Task ScreenshotsAsync(IPage page, string path, string name, string ready)
    {
        Directory.CreateDirectory(portal.DocumentationScreenshotDirectory);
        foreach (var (viewport, suffix) in new[] { (PortalBrowserFixture.Desktop, "desktop"), (PortalBrowserFixture.Phone, "phone") })
        {
            var shot = await portal.NewPageAsync(viewport: viewport);
            await shot.GotoAsync(portal.BaseAddress + path);
            await Assertions.Expect(shot.Locator(ready).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            // The whole page: a live page re-renders under a scroll, and the section sits below the service's facts.
            await shot.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(portal.DocumentationScreenshotDirectory, $"{name}-{suffix}.png"), FullPage = true });
            await shot.CloseAsync();
        }
    }
}
