using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed partial class FleetPagesTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task Overview_shows_three_environments_with_a_critical_and_a_warning_service_in_prod()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/");

        var cards = page.Locator(".env-card");
        await Assertions.Expect(cards).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".env-card[data-environment=prod] .account")).ToContainTextAsync("536492031845");
        var critical = await CountAsync(page, "prod", "Critical");
        var warning = await CountAsync(page, "prod", "Warning");
        Assert.True(critical >= 1, $"prod shows {critical} Critical services");
        Assert.True(warning >= 1, $"prod shows {warning} Warning services");

        var prodServices = await page.Locator(".env-card[data-environment=prod] .env-card-meta").InnerTextAsync();
        Assert.True(int.Parse(ServiceCount().Match(prodServices).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 25, prodServices);
        await Assertions.Expect(page.Locator(".needs-attention .attention-item[data-service=search-indexer][data-environment=prod]")).ToContainTextAsync("Critical");
        await Assertions.Expect(page.Locator(".matrix table")).ToContainTextAsync("behind");
        await portal.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task Environment_page_filters_live_in_the_address_and_survive_a_reload()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/environments/prod");
        await WaitForInteractivityAsync(page);

        await page.Locator("input[name=q]").FillAsync("search");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=search"));
        await Assertions.Expect(page.Locator(".services-grid")).ToContainTextAsync("search-indexer");
        await Assertions.Expect(page.Locator(".services-grid")).Not.ToContainTextAsync("orders-api");

        await page.Locator("input[name=health]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Critical", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("health=Critical"));

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("input[name=q]")).ToHaveValueAsync("search");
        await Assertions.Expect(page.Locator("input[name=health]")).ToHaveValueAsync("Critical");
        await Assertions.Expect(page.Locator(".services-grid")).ToContainTextAsync("search-indexer");
        await Assertions.Expect(page.Locator(".result-count")).ToContainTextAsync("1 of");
        await portal.ScreenshotAsync(page, "environment-filtered");

        await page.GotoAsync(portal.BaseAddress + "/environments/prod");
        await Assertions.Expect(page.Locator(".services-grid")).ToContainTextAsync("Critical");
        await portal.ScreenshotAsync(page, "environment");
    }

    [Fact]
    public async Task Service_page_shows_counts_deployments_events_alarms_and_a_metrics_chart()
    {
        var page = await portal.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-pipeline/services/search-indexer");
        await WaitForInteractivityAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("search-indexer");
        await Assertions.Expect(page.Locator(".reasons")).ToContainTextAsync("prod-search-indexer-cpu-critical");
        await Assertions.Expect(page.Locator("[data-fact=desired]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator(".deployment[data-status=PRIMARY]")).ToContainTextAsync("ecs-svc/");
        await Assertions.Expect(page.Locator(".alarms")).ToContainTextAsync("ALARM");
        await Assertions.Expect(page.Locator(".events")).ToContainTextAsync("has reached a steady state.");
        await Assertions.Expect(page.Locator(".metrics-chart")).ToContainTextAsync("CPU %");
        await Assertions.Expect(page.Locator(".metrics-chart")).ToContainTextAsync("Memory %");
        Assert.True(await page.Locator(".metrics-chart svg path").CountAsync() >= 3, "the chart draws a line per series");
        Assert.Empty(violations);
        await portal.ScreenshotAsync(page, "service");
    }

    [Fact]
    public async Task A_faulty_build_is_rolled_back_by_the_circuit_breaker_while_the_page_is_open()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/environments/dev/clusters/dev-api/services/tracking-api");
        await WaitForInteractivityAsync(page);

        // CI deploys the faulty build two simulated minutes after start; at 30x speed the circuit breaker trips within seconds.
        var events = page.Locator(".events");
        await Assertions.Expect(events).ToContainTextAsync("is unhealthy in (target-group", new() { Timeout = 60_000 });
        await Assertions.Expect(events).ToContainTextAsync("deployment failed: tasks failed to start.", new() { Timeout = 60_000 });
        await Assertions.Expect(events).ToContainTextAsync("rolling back to deployment", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".reasons")).ToContainTextAsync("rolled back", new() { Timeout = 30_000 });
        await portal.ScreenshotAsync(page, "service-rolled-back");
    }

    [Fact]
    public async Task Unknown_environment_service_and_page_each_say_what_was_not_found()
    {
        var page = await portal.NewPageAsync();

        await page.GotoAsync(portal.BaseAddress + "/environments/qa");
        await Assertions.Expect(page.Locator(".not-found")).ToContainTextAsync("no environment named 'qa'");
        await portal.ScreenshotAsync(page, "not-found-environment");

        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-api/services/nope-api");
        await Assertions.Expect(page.Locator(".not-found")).ToContainTextAsync("service 'nope-api' in cluster prod-api of prod");

        await page.GotoAsync(portal.BaseAddress + "/environments/prod/clusters/prod-nope/services/orders-api");
        await Assertions.Expect(page.Locator(".not-found")).ToContainTextAsync("cluster 'prod-nope' in prod");

        var response = await page.GotoAsync(portal.BaseAddress + "/no/such/page");
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.Locator(".not-found")).ToContainTextAsync("/no/such/page");
    }

    [Fact]
    public async Task The_page_reconnects_after_its_connection_drops_and_stays_interactive()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/environments/stage");
        await WaitForInteractivityAsync(page);

        await page.EvaluateAsync("() => Blazor._internal.forceCloseConnection()");
        await page.WaitForTimeoutAsync(500);
        await Assertions.Expect(page.Locator("input[name=q]")).ToBeEnabledAsync();

        // Interactivity after the reconnect: typing still filters, which only the server circuit can do.
        await page.Locator("input[name=q]").FillAsync("catalog");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=catalog"), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".services-grid")).ToContainTextAsync("catalog-api");
        await Assertions.Expect(page.Locator(".services-grid")).Not.ToContainTextAsync("orders-api");
    }

    [Fact]
    public async Task The_overview_moves_with_the_simulation_without_a_reload()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/");
        await WaitForInteractivityAsync(page);
        var marker = await page.EvaluateAsync<string>("() => { window.__portalMarker = 'same-page'; return window.__portalMarker; }");

        // The polled snapshot is re-published every second; the freshness note is re-rendered from the server.
        var before = await page.Locator(".env-card[data-environment=dev] .freshness time").GetAttributeAsync("datetime");
        await Assertions.Expect(page.Locator(".env-card[data-environment=dev] .freshness time")).Not.ToHaveAttributeAsync("datetime", before!, new() { Timeout = 15_000 });
        Assert.Equal(marker, await page.EvaluateAsync<string>("() => window.__portalMarker"));
    }

    [Fact]
    public async Task The_doctor_page_runs_the_checks_and_shows_a_line_per_environment_and_check()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync(portal.BaseAddress + "/admin/doctor");
        await WaitForInteractivityAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Run the checks" }).ClickAsync();

        var rows = page.Locator(".doctor tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator(".doctor")).ToContainTextAsync("ECS clusters listable");
        await Assertions.Expect(page.Locator("tr.doctor-passed", new() { HasText = "Cost Explorer reachable" })).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("every check passed");
        await portal.ScreenshotAsync(page, "doctor");
    }

    private static async Task<int> CountAsync(IPage page, string environment, string level) =>
        int.Parse(await page.Locator($".env-card[data-environment={environment}] .count[data-level={level}] strong").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until the Blazor circuit is up: the server then answers events on the page.</summary>
    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });

    [GeneratedRegex(@"(\d+) services")]
    private static partial Regex ServiceCount();
}
