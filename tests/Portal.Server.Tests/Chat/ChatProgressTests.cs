using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Chat;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Chat;

/// <summary>A deploy from chat tells its response_url each phase once, in order, and is in the ledger, the audit trail and the history with source chat.</summary>
public sealed class ChatProgressTests(ChatPortal chat) : IClassFixture<ChatPortal>
{
    [Fact]
    public async Task A_deploy_from_chat_posts_started_tasks_healthy_and_completed_in_order_once_each()
    {
        var hook = chat.Slack.NewHook();

        using var response = await chat.SendAsync(SlackEndpoints.CommandsPath, ChatPortal.CommandBody(ChatPortal.UserOf("sam"), "deploy pricing-api dev", hook));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("On it", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var messages = await chat.Slack.WaitAsync(hook, r => r.Any(m => FakeSlack.TextOf(m).Contains("completed", StringComparison.Ordinal)), TimeSpan.FromSeconds(90));
        var texts = messages.Select(FakeSlack.TextOf).ToList();
        Assert.True(texts.Count == 3, string.Join(" | ", texts));
        Assert.Contains("deploy of pricing-api in dev started by sam", texts[0], StringComparison.Ordinal);
        Assert.Contains("build c0ffe42", texts[0], StringComparison.Ordinal);
        Assert.Contains("new tasks are healthy", texts[1], StringComparison.Ordinal);
        Assert.Contains("deploy of pricing-api in dev completed", texts[2], StringComparison.Ordinal);

        // Nothing more comes for a finished deployment, whatever events follow.
        var later = chat.Slack.NewHook();
        using (var status = await chat.SendAsync(SlackEndpoints.CommandsPath, ChatPortal.CommandBody(ChatPortal.UserOf("sam"), "status pricing-api dev", later)))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        Assert.Contains("last deploy to revision", FakeSlack.TextOf((await chat.Slack.WaitAsync(later, r => r.Count > 0))[0]), StringComparison.Ordinal);
        Assert.Equal(3, chat.Slack.Received(hook).Count);

        await using var context = await chat.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var deployment = await context.Deployments.SingleAsync(d => d.Service == "pricing-api" && d.Environment == "dev" && d.Source == DeploymentSources.Chat);
        Assert.Equal("sam", deployment.Actor);
        Assert.Equal("From chat: /portal deploy pricing-api dev", deployment.Reason);
        var audit = await context.AuditEntries.Where(e => e.Actor == "sam" && e.Target == "pricing-api").Select(e => e.Action + ": " + e.Detail).ToListAsync();
        Assert.Contains(audit, a => a == "chat-command: /portal deploy pricing-api dev");
        Assert.Contains(audit, a => a.StartsWith("deploy-started:", StringComparison.Ordinal) && a.EndsWith("From chat: /portal deploy pricing-api dev", StringComparison.Ordinal));

        // The history, filtered on the new source, shows it.
        using var alice = await chat.Portal.SignedInClientAsync("alice");
        using var history = JsonDocument.Parse(await alice.GetStringAsync(new Uri("/api/history?source=chat&service=pricing-api", UriKind.Relative)));
        var items = history.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("source").GetString() == "chat" && i.GetRawText().Contains("\"sam\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unlinked_slack_user_is_told_how_to_get_linked_and_nothing_is_done()
    {
        var hook = chat.Slack.NewHook();

        using var response = await chat.SendAsync(SlackEndpoints.CommandsPath, ChatPortal.CommandBody("UNOBODY", "deploy pricing-api dev", hook));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = FakeSlack.TextOf((await chat.Slack.WaitAsync(hook, r => r.Count > 0))[0]);
        Assert.Contains("does not know who you are", answer, StringComparison.Ordinal);
        Assert.Contains("Chat:Slack:Users", answer, StringComparison.Ordinal);
        await using var context = await chat.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await context.AuditEntries.CountAsync(e => e.Actor == "slack:UNOBODY" && e.Action == ChatCommands.AuditAction));
    }
}
