using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.BrowserTests;

/// <summary>The history's first screen: repeats folded, figures that match the list, filters in the address, bad filters told.</summary>
[Collection(PortalBrowserCollection.Name)]
public sealed partial class HistoryTimelineTests(PortalBrowserFixture portal)
{
    private const string Service = "history-fold-probe";

    [Fact]
    public async Task Repeated_placement_failures_fold_into_one_row_that_opens_and_the_figures_match_the_list()
    {
        await SeedAsync();
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync($"{portal.BaseAddress}/history?environment=prod&service={Service}");
        await WaitForInteractivityAsync(page);

        var folds = page.Locator(".timeline-folded");
        await Assertions.Expect(folds).ToHaveCountAsync(1);
        await Assertions.Expect(folds.Locator("summary")).ToContainTextAsync("Placement failure ×48");
        await folds.Locator("summary").ClickAsync();
        await Assertions.Expect(folds.Locator(".fold-member")).ToHaveCountAsync(48);
        await Assertions.Expect(folds.Locator(".fold-member").First).ToBeVisibleAsync();

        // One deploy in the list, undone by the rollback after it: the figures count one deploy, failed.
        var deploys = page.Locator(".timeline-deploy .deploy-kind", new() { HasTextRegex = DeployOnly() });
        await Assertions.Expect(page.Locator("[data-figure=deploys]")).ToHaveTextAsync((await deploys.CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-figure=failure-rate]")).ToHaveTextAsync("100%");
        await Assertions.Expect(page.Locator(".figures-scope")).ToContainTextAsync($"prod · {Service}");
        await portal.ScreenshotAsync(page, "history-folded");
    }

    [Fact]
    public async Task Events_around_a_deploy_put_its_window_in_the_address_and_the_form()
    {
        await SeedAsync();
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync($"{portal.BaseAddress}/history?environment=prod&service={Service}&kind=deploy");
        await WaitForInteractivityAsync(page);

        await page.Locator(".timeline-deploy a.events-link").First.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("from=.+&to=.+"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"service={Service}"));
        await Assertions.Expect(page.Locator("input[name=from]")).Not.ToHaveValueAsync(string.Empty);
        await Assertions.Expect(page.Locator("input[name=to]")).Not.ToHaveValueAsync(string.Empty);
        await Assertions.Expect(page.Locator("input[name=cluster]")).ToHaveValueAsync("prod-api");
    }

    [Fact]
    public async Task A_bad_filter_is_answered_with_a_message_naming_it()
    {
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync($"{portal.BaseAddress}/history?from=2026-12-02&to=2026-12-01&environment=staging");

        await Assertions.Expect(page.Locator(".filter-problem[data-filter=from]")).ToContainTextAsync("must be before to");
        await Assertions.Expect(page.Locator(".filter-problem[data-filter=environment]")).ToContainTextAsync("staging");
        await Assertions.Expect(page.Locator(".timeline-item")).ToHaveCountAsync(0);
        await portal.ScreenshotAsync(page, "history-bad-filter");
    }

    /// <summary>A deploy of the probe service, 48 placement failures after it, and a rollback of it: once.</summary>
    private async Task SeedAsync()
    {
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        if (await context.Deployments.AnyAsync(d => d.Service == Service))
        {
            return;
        }

        var start = DateTimeOffset.UtcNow.AddHours(-2);
        context.Deployments.AddRange(Deploy(DeploymentKinds.Deploy, start, "c0ffe42"), Deploy(DeploymentKinds.Rollback, start.AddMinutes(60), "e8d2c91"));
        context.ArchivedServiceEvents.AddRange(Enumerable.Range(0, 48).Select(i => new ArchivedServiceEvent
        {
            Environment = "prod",
            Cluster = "prod-api",
            Service = Service,
            EventId = $"{Service}-{i}",
            CreatedAt = start.AddMinutes(10).AddSeconds(i * 47),
            Message = $"(service {Service}) was unable to place a task because no container instance met all of its requirements.",
            Class = "PlacementFailure",
        }));
        await context.SaveChangesAsync();
    }

    private static Deployment Deploy(string kind, DateTimeOffset at, string tag) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        Source = DeploymentSources.Ui,
        Actor = "fold-prober",
        Environment = "prod",
        Cluster = "prod-api",
        Service = Service,
        IdempotencyKey = $"{Service}-{kind}",
        FromTaskDefinition = $"arn:aws:ecs:eu-west-1:536492031845:task-definition/{Service}:7",
        Image = $"536492031845.dkr.ecr.eu-west-1.amazonaws.com/{Service}:{tag}",
        Reason = "Probe",
        Status = DeploymentStatus.Completed,
        RequestedAt = at,
        UpdatedServiceAt = at.AddSeconds(20),
        FinishedAt = at.AddMinutes(4),
    };

    private static Task WaitForInteractivityAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });

    [GeneratedRegex("^Deploy$")]
    private static partial Regex DeployOnly();
}
