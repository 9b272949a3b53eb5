using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;

namespace Portal.BrowserTests;

[Collection(PortalBrowserCollection.Name)]
public sealed class HistoryTests(PortalBrowserFixture portal)
{
    [Fact]
    public async Task The_administrator_filters_the_history_by_service_and_sees_its_deploy_and_events()
    {
        await SeedAsync();
        var page = await portal.NewPageAsync("alice");
        await page.GotoAsync(portal.BaseAddress + "/history");
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-interactive]') !== null", null, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("History");

        var service = page.Locator("input[name=service]");
        await service.FillAsync("orders-api");
        await service.PressAsync("Enter");
        await service.DispatchEventAsync("change");

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("service=orders-api"));
        var deploy = page.Locator(".timeline-deploy", new() { HasText = "history-browser" });
        await Assertions.Expect(deploy).ToHaveCountAsync(2);
        await Assertions.Expect(deploy.First.Locator("a.events-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("service=orders-api"));
        await Assertions.Expect(page.Locator(".timeline-event").First).ToContainTextAsync("orders-api");
        await Assertions.Expect(page.Locator(".timeline-item", new() { HasText = "payments-api" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-figure=deploys]")).Not.ToHaveTextAsync("0");
        await portal.ScreenshotAsync(page, "history");
    }

    [Fact]
    public async Task Deploys_made_outside_the_portal_show_in_the_history_from_ecs()
    {
        var page = await portal.NewPageAsync("alice");
        var rows = page.Locator(".timeline-ecsdeployment");

        // The archive reads a few services' deployments after each refresh, so the page is reloaded until they are in.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await page.GotoAsync(portal.BaseAddress + "/history?environment=dev&service=checkout-web&kind=ecsdeployment");
            if (await rows.CountAsync() > 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(2_000);
        }
        while (true);

        await Assertions.Expect(rows.First).ToContainTextAsync("Deploy outside the portal");
        await Assertions.Expect(rows.First).ToContainTextAsync("via ECS");
        await Assertions.Expect(page.Locator(".timeline-deploy")).ToHaveCountAsync(0);
        await portal.ScreenshotAsync(page, "history-outside");
    }

    /// <summary>A failed deploy and its fix in prod, and a service event between them, shortly before now.</summary>
    private async Task SeedAsync()
    {
        var contexts = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        if (await context.Deployments.AnyAsync(d => d.Actor == "history-browser"))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        context.Deployments.AddRange(
            Deploy("history-failed", DeploymentStatus.RolledBack, now.AddMinutes(-50), "e8d2c91", "ECS circuit breaker rolled it back"),
            Deploy("history-fixed", DeploymentStatus.Completed, now.AddMinutes(-20), "f00d123", null));
        context.ArchivedServiceEvents.Add(new ArchivedServiceEvent
        {
            Environment = "prod",
            Cluster = "prod-api",
            Service = "orders-api",
            EventId = "history-browser-event",
            CreatedAt = now.AddMinutes(-40),
            Message = "(service orders-api) has started 2 tasks: (task 1) (task 2).",
            Class = "TasksStarted",
        });
        await context.SaveChangesAsync();
    }

    private static Deployment Deploy(string key, DeploymentStatus status, DateTimeOffset at, string tag, string? outcome) => new()
    {
        Id = Guid.NewGuid(),
        Kind = DeploymentKinds.Deploy,
        Source = DeploymentSources.Ui,
        Actor = "history-browser",
        Environment = "prod",
        Cluster = "prod-api",
        Service = "orders-api",
        IdempotencyKey = key,
        FromTaskDefinition = "arn:aws:ecs:eu-west-1:536492031845:task-definition/orders-api:41",
        Image = $"536492031845.dkr.ecr.eu-west-1.amazonaws.com/orders-api:{tag}",
        Reason = "Order submission fix",
        Status = status,
        Outcome = outcome,
        RequestedAt = at,
        UpdatedServiceAt = at.AddSeconds(20),
        FinishedAt = at.AddMinutes(6),
    };
}
