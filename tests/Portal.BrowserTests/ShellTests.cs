using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Portal.BrowserTests;

/// <summary>The app shell in a real browser: phones, the role menu, colours, search, accessibility, speed, screenshots.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed partial class ShellTests(PortalBrowserFixture portal, ITestOutputHelper output)
{
    private const string ServicePage = "/environments/prod/clusters/prod-api/services/orders-api";

    /// <summary>Every page a signed-in person can open, by the name its screenshot takes.</summary>
    private static readonly (string Name, string Path)[] Pages =
    [
        ("overview", "/"),
        ("environment", "/environments/prod"),
        ("service", ServicePage),
        ("triage", "/triage"),
        ("history", "/history"),
        ("costs", "/costs"),
        ("publish", "/publish"),
        ("tokens", "/admin/tokens"),
        ("doctor", "/admin/doctor"),
    ];

    [Theory]
    [InlineData("/")]
    [InlineData(ServicePage)]
    [InlineData("/triage")]
    public async Task At_phone_width_the_page_does_not_scroll_sideways(string path)
    {
        var page = await portal.NewPageAsync(viewport: PortalBrowserFixture.Phone);
        await page.GotoAsync(portal.BaseAddress + path);
        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await page.WaitForTimeoutAsync(300);

        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"{path} is {width} px wide at 390 px");
    }

    [Fact]
    public async Task On_a_phone_the_drawer_opens_from_the_menu_button_and_reaches_every_environment()
    {
        var page = await portal.NewPageAsync(viewport: PortalBrowserFixture.Phone);
        await page.GotoAsync(portal.BaseAddress + "/");
        await PortalBrowserFixture.WaitForInteractivityAsync(page);

        // On a phone the drawer closes itself once the page knows the screen's width; a tap before then would close it again.
        var toggle = page.Locator(".drawer-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var stage = page.Locator(".nav-drawer .env-link", new() { HasText = "stage" });
        await Assertions.Expect(stage).ToBeVisibleAsync();
        await stage.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/environments/stage$"));
        await Assertions.Expect(page.Locator(".role-label")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_role_menu_works_from_the_keyboard_and_closes_on_escape_and_outside_clicks()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/environments/stage");
        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await PortalBrowserFixture.WaitForKeysAsync(page);
        var label = page.Locator(".role-switcher .mud-menu-activator");

        await page.Locator(".role-label").ClickAsync();
        await Assertions.Expect(page.Locator(".role-menu")).ToBeVisibleAsync();
        await Assertions.Expect(label).ToHaveAttributeAsync("aria-expanded", "true");
        await page.WaitForTimeoutAsync(300);

        var items = page.Locator(".role-menu [role^=menuitem]");
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(items.First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(items.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowUp");
        await Assertions.Expect(items.First).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".role-menu")).ToHaveCountAsync(0);
        await Assertions.Expect(label).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".role-menu")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".role-menu")).ToHaveCountAsync(0);

        await page.Locator(".role-label").ClickAsync();
        await Assertions.Expect(page.Locator(".role-menu")).ToBeVisibleAsync();
        await page.Mouse.ClickAsync(900, 700);
        await Assertions.Expect(page.Locator(".role-menu")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_and_a_choice_is_remembered_from_the_first_paint()
    {
        var page = await portal.NewPageAsync(scheme: ColorScheme.Dark);
        await page.GotoAsync(portal.BaseAddress + "/");
        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await Assertions.Expect(page.Locator(".scheme-toggle")).ToHaveAttributeAsync("data-scheme", "dark");

        await page.Locator(".scheme-toggle").ClickAsync();
        await page.Locator(".scheme-option[data-choice=Light]").ClickAsync();
        await Assertions.Expect(page.Locator(".scheme-toggle")).ToHaveAttributeAsync("data-scheme", "light");
        var light = await BackgroundAsync(page);

        // The server reads the remembered choice: the page arrives light, though the device is dark.
        var response = await page.GotoAsync(portal.BaseAddress + "/environments/prod");
        Assert.Contains("data-scheme=\"light\"", await response!.TextAsync(), StringComparison.Ordinal);

        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await page.Locator(".scheme-toggle").ClickAsync();
        await page.Locator(".scheme-option[data-choice=Dark]").ClickAsync();
        await Assertions.Expect(page.Locator(".scheme-toggle")).ToHaveAttributeAsync("data-scheme", "dark");
        Assert.NotEqual(light, await BackgroundAsync(page));
        // The browser's own controls (the history's date pickers) switch too, without a reload.
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).colorScheme"));
        response = await page.ReloadAsync();
        Assert.Contains("data-scheme=\"dark\"", await response!.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_search_finds_a_service_in_another_environment_from_the_keyboard()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/");
        await PortalBrowserFixture.WaitForInteractivityAsync(page);
        await PortalBrowserFixture.WaitForKeysAsync(page);

        await page.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("/");
        await Assertions.Expect(page.Locator("#fleet-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("catalog");

        var inStage = page.Locator(".search-result[data-environment=stage][data-service=catalog-api]");
        await Assertions.Expect(inStage).ToBeVisibleAsync();
        await inStage.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/environments/stage/clusters/[^/]+/services/catalog-api$"));
    }

    [Fact]
    public async Task A_count_on_the_overview_opens_the_filtered_list_with_the_filter_shown()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/");
        await PortalBrowserFixture.WaitForInteractivityAsync(page);

        await page.Locator(".env-card[data-environment=prod] .count[data-level=Critical]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/environments/prod\\?health=critical$"));
        await Assertions.Expect(page.Locator(".active-filter[data-filter=health]")).ToContainTextAsync("Critical");
        await Assertions.Expect(page.Locator(".services-grid")).ToContainTextAsync("search-indexer");
    }

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_accessibility_violations_in_light_and_dark()
    {
        var found = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var page = await portal.NewPageAsync(scheme: scheme);
            foreach (var (name, path) in Pages)
            {
                await page.GotoAsync(portal.BaseAddress + path);
                await PortalBrowserFixture.WaitForInteractivityAsync(page);
                await page.WaitForTimeoutAsync(300);
                found.AddRange(await SeriousViolationsAsync(page, $"{name} ({scheme})"));
            }

            await page.Context.CloseAsync();
        }

        var signedOut = await portal.NewSignedOutPageAsync();
        await signedOut.GotoAsync(portal.BaseAddress + "/sign-in");
        found.AddRange(await SeriousViolationsAsync(signedOut, "sign-in"));
        await signedOut.Context.CloseAsync();

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task Every_page_becomes_interactive_and_its_median_time_is_printed()
    {
        const int Runs = 5;
        var page = await portal.NewPageAsync();
        var medians = new List<(string Name, double Median)>();
        foreach (var (name, path) in Pages)
        {
            var times = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                await page.GotoAsync(portal.BaseAddress + path);
                await PortalBrowserFixture.WaitForInteractivityAsync(page);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            medians.Add((name, times[Runs / 2]));
        }

        foreach (var (name, median) in medians)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time to interactive, {name}: {median:0} ms (median of {Runs})"));
        }

        Assert.Equal(Pages.Length, medians.Count);
    }

    [Fact]
    public async Task Screenshots_of_every_page_light_and_dark_on_desktop_and_phone()
    {
        var directory = portal.DocumentationScreenshotDirectory;
        Directory.CreateDirectory(directory);
        foreach (var (device, viewport) in new[] { ("desktop", PortalBrowserFixture.Desktop), ("phone", PortalBrowserFixture.Phone) })
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                var page = await portal.NewPageAsync(viewport: viewport, scheme: scheme);
                foreach (var (name, path) in Pages)
                {
                    await page.GotoAsync(portal.BaseAddress + path);
                    await PortalBrowserFixture.WaitForInteractivityAsync(page);
                    await page.WaitForTimeoutAsync(500);
                    var file = Path.Combine(directory, $"{name}-{device}-{(scheme == ColorScheme.Dark ? "dark" : "light")}.png");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
                    Assert.True(new FileInfo(file).Length > 0, file);
                }

                await page.Context.CloseAsync();
            }
        }
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    private static async Task<List<string>> SeriousViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        return
        [
            .. result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}"),
        ];
    }
}
