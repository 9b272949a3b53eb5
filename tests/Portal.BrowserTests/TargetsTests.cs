using Microsoft.Playwright;

namespace Portal.BrowserTests;

/// <summary>
/// The portal over a simulated organization moving only twice as fast as real time, so that a faulty build's
/// targets stay unhealthy for seconds (at 30x speed they fail and are replaced within a poll).
/// </summary>
public sealed class SlowPortalBrowserFixture : PortalBrowserFixture
{
    protected override string SimulationSpeed => "2";
}

[CollectionDefinition(Name)]
public sealed class SlowPortalBrowserCollection : ICollectionFixture<SlowPortalBrowserFixture>
{
    public const string Name = "portal in a browser, slow simulation";
}

[Collection(SlowPortalBrowserCollection.Name)]
public sealed partial class TargetsTests(SlowPortalBrowserFixture portal)
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+ of \d+ targets? unhealthy: (Health checks failed with these codes: \[502\]|Request timed out)$")]
    private static partial System.Text.RegularExpressions.Regex UnhealthyReason();

    private const string ServicePath = "/environments/dev/clusters/dev-api/services/tracking-api";

    /// <summary>CI deploys the faulty build two simulated minutes after start (one real minute at 2x), its tasks fail their checks soon after.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions BadBuild = new() { Timeout = 150_000 };

    private static readonly LocatorAssertionsToContainTextOptions Soon = new() { Timeout = 10_000 };

    [Fact]
    public async Task The_bad_tracking_api_builds_unhealthy_targets_show_on_the_service_page_and_its_triage_card()
    {
        var pages = new Dictionary<string, IPage>(StringComparer.Ordinal);
        foreach (var (device, viewport) in new[] { ("desktop", PortalBrowserFixture.Desktop), ("phone", PortalBrowserFixture.Phone) })
        {
            var service = await portal.NewPageAsync("alice", viewport);
            await service.GotoAsync(portal.BaseAddress + ServicePath);
            await PortalBrowserFixture.WaitForInteractivityAsync(service);
            pages["service-targets-" + device] = service;
            var triage = await portal.NewPageAsync("alice", viewport);
            await triage.GotoAsync(portal.BaseAddress + "/triage");
            await PortalBrowserFixture.WaitForInteractivityAsync(triage);
            pages["triage-targets-" + device] = triage;
        }

        var desktop = pages["service-targets-desktop"];
        var section = desktop.Locator("[data-testid=load-balancer]");
        await Assertions.Expect(section).ToContainTextAsync("dev-tracking-api");
        await Assertions.Expect(desktop.Locator("[data-link=service-console]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://signin\\.aws\\.amazon\\.com/switchrole\\?roleName=Administrator&account=318274650192&"));
        await Assertions.Expect(section.Locator("[data-link=target-group-console]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("targetgroup%2Fdev-tracking-api%2F"));

        // The targets of the faulty build fail their checks: the table of unhealthy targets appears, with ELB's reason.
        await Assertions.Expect(section.Locator("tr.unhealthy-target").First).ToBeVisibleAsync(BadBuild);
        await Assertions.Expect(section.Locator(".unhealthy-targets")).ToContainTextAsync("Target.", Soon);
        await Assertions.Expect(desktop.Locator(".reasons")).ToContainTextAsync("targets unhealthy: ", Soon);
        await portal.ScreenshotAsync(desktop, "service-targets");
        foreach (var (name, page) in pages)
        {
            if (name.StartsWith("service", StringComparison.Ordinal))
            {
                await Assertions.Expect(page.Locator("[data-testid=load-balancer] .unhealthy-targets")).ToContainTextAsync("Target.", Soon);
                if (name.EndsWith("phone", StringComparison.Ordinal))
                {
                    // At 390 px each unhealthy target is a card (no header row), and its table does not scroll sideways.
                    await Assertions.Expect(page.Locator(".unhealthy-targets table thead").First).ToBeHiddenAsync();
                    Assert.True(await page.Locator(".unhealthy-targets table tbody td[data-label=Reason]").First.IsVisibleAsync(), "the reason shows on the card");
                    Assert.Empty(await SidewaysScroll.WiderThanTheirBoxAsync(page, ".unhealthy-targets"));
                }
            }
            else
            {
                var card = page.Locator("li.triage-card[data-environment=dev][data-service=tracking-api]");
                await Assertions.Expect(card.Locator("[data-code=targets-unhealthy]")).ToContainTextAsync(UnhealthyReason(), Soon);
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(portal.DocumentationScreenshotDirectory, name + ".png"), FullPage = true });
        }

        var phoneWidth = await pages["service-targets-phone"].EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(phoneWidth <= 390, $"the service page is {phoneWidth} px wide at 390 px");
    }
}
