using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class TriageTests(PortalBrowserFixture portal)
{
    /// <summary>The simulated CPU moves one datapoint a minute of the simulated clock: the next datapoint, then the poll, show it.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Regression = new() { Timeout = 240_000 };

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

        // The raised CPU trips the service's critical alarm at the next one-minute datapoint.
        await Assertions.Expect(card).ToContainTextAsync("Alarm prod-pricing-api-cpu-critical in ALARM", new() { Timeout = 180_000 });
        await portal.ScreenshotAsync(page, "triage");

        await card.Locator("#open-rollback").ClickAsync();
        await Assertions.Expect(dialog.Locator(".rollback-target")).ToContainTextAsync("revision");
        await dialog.Locator("#deploy-reason").FillAsync("CPU regression after c0ffe42");
        await dialog.Locator("#deploy-confirm").FillAsync("pricing-api");
        await dialog.Locator("#confirm-deploy").ClickAsync();

        await Assertions.Expect(card).ToHaveCountAsync(0, new() { Timeout = 300_000 });
        await portal.ScreenshotAsync(page, "triage-rolled-back");

        var incident = await IncidentInHistoryAsync(page);
        Assert.True(incident.Count == 4, "The timeline should show deploy, alarm, rollback and recovery in order; it shows: " + string.Join(" | ", incident));
        await portal.ScreenshotAsync(page, "history-incident");
    }

    /// <summary>
    /// The pricing-api timeline, oldest first, from the c0ffe42 deploy on: the deploy, its CPU alarm,
    /// the rollback after it and the alarm's recovery after that, each found after the one before.
    /// The recorder archives a refresh moments after it lands, so the page is reloaded until all four show.
    /// </summary>
    private async Task<List<string>> IncidentInHistoryAsync(IPage page)
    {
        string[] steps = ["Deploy c0ffe42", "Alarm prod-pricing-api-cpu-critical", "Rollback", "Recovered prod-pricing-api-cpu-critical"];
        var found = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await page.GotoAsync(portal.BaseAddress + "/history?environment=prod&service=pricing-api");
            var rows = await page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('.timeline .timeline-item')].map(li =>
                    li.classList.contains('timeline-alarm') ? li.querySelector('.alarm-state').textContent.trim() + ' ' + li.querySelector('strong').textContent.trim()
                    : li.classList.contains('timeline-deploy') ? li.querySelector('.deploy-kind').textContent.trim() + ' ' + li.querySelector('code').textContent.trim()
                    : '').reverse()
                """);
            found = InOrder(rows, steps);
            if (found.Count == steps.Length)
            {
                break;
            }

            await Task.Delay(2_000);
        }
        while (DateTime.UtcNow < deadline);

        return found;
    }

    /// <summary>Each step matched by the first row after the previous step's row that starts with it.</summary>
    private static List<string> InOrder(IReadOnlyList<string> rows, IReadOnlyList<string> steps)
    {
        var found = new List<string>();
        var at = -1;
        foreach (var step in steps)
        {
            at = IndexFrom(rows, step, at + 1);
            if (at < 0)
            {
                break;
            }

            found.Add(rows[at]);
        }

        return found;
    }

    private static int IndexFrom(IReadOnlyList<string> rows, string step, int start)
    {
        for (var i = start; i < rows.Count; i++)
        {
            if (rows[i].StartsWith(step, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
}
