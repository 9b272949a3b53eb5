using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Chat;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Chat;

/// <summary>
/// Both chat endpoints act only on requests Slack signed, within five minutes, once. A refused
/// request answers 401 and leaves nothing: no audit entry, no answer, no deployment. Commands are
/// acted on in arrival order, so once a later valid command has been answered, an earlier refused
/// one would have been too.
/// </summary>
public sealed class ChatRequestTests(ChatPortal chat) : IClassFixture<ChatPortal>
{
    private const string Commands = SlackEndpoints.CommandsPath;
    private const string Interactions = SlackEndpoints.InteractionsPath;

    public static TheoryData<string> Refusals => new() { "bad-signature", "other-secret", "stale", "future", "replayed", "unsigned" };

    [Fact]
    public async Task A_signed_command_is_acknowledged_at_once_and_answered_on_its_response_url()
    {
        var hook = chat.Slack.NewHook();

        using var response = await chat.SendAsync(Commands, ChatPortal.CommandBody(ChatPortal.UserOf("sam"), "status orders-api dev", hook));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Looking", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var answer = await chat.Slack.WaitAsync(hook, r => r.Count > 0);
        Assert.Contains("*orders-api* in *dev*", FakeSlack.TextOf(Assert.Single(answer)), StringComparison.Ordinal);
        Assert.Contains("tasks running", FakeSlack.TextOf(answer[0]), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_command_not_validly_signed_is_refused_and_nothing_is_done(string refusal)
    {
        var refusedHook = chat.Slack.NewHook();
        var body = ChatPortal.CommandBody(ChatPortal.UserOf("alice"), "deploy pricing-api dev", refusedHook);
        var auditedBefore = await ChatAuditCountAsync();

        using var refused = await SendRefusedAsync(Commands, body, refusal);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await AssertNothingDoneAsync(refusedHook, auditedBefore, refusal == "replayed" ? 1 : 0);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_button_press_not_validly_signed_is_refused_and_nothing_is_done(string refusal)
    {
        var hook = chat.Slack.NewHook();
        var confirmation = new ChatConfirmation(Guid.NewGuid().ToString("N"), ChatPortal.UserOf("alice"), "deploy orders-api prod", DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        var body = ChatPortal.ButtonBody(ChatPortal.UserOf("alice"), SlackMessages.ConfirmAction, confirmation.ToValue(), hook);
        var auditedBefore = await ChatAuditCountAsync();
        var deployedBefore = (await ChatDeploymentsAsync("orders-api", "prod")).Count;

        using var refused = await SendRefusedAsync(Interactions, body, refusal);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await AssertNothingDoneAsync(hook, auditedBefore, refusal == "replayed" ? 1 : 0);
        if (refusal != "replayed")
        {
            Assert.Equal(deployedBefore, (await ChatDeploymentsAsync("orders-api", "prod")).Count);
        }
    }

    [Fact]
    public async Task Only_the_person_who_asked_can_confirm_and_an_expired_confirmation_does_nothing()
    {
        var asked = chat.Slack.NewHook();
        var alice = ChatPortal.UserOf("alice");
        using (var ask = await chat.SendAsync(Commands, ChatPortal.CommandBody(alice, "deploy payments-api prod", asked)))
        {
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        }

        var question = Assert.Single(await chat.Slack.WaitAsync(asked, r => r.Count > 0));
        Assert.Contains("payments-api in prod?", FakeSlack.TextOf(question), StringComparison.Ordinal);
        Assert.Contains("protected", FakeSlack.TextOf(question), StringComparison.Ordinal);
        var value = question["blocks"]![1]!["elements"]![0]!["value"]!.GetValue<string>();

        // Someone else in the channel presses Confirm.
        var pressedBySam = chat.Slack.NewHook();
        using (var sam = await chat.SendAsync(Interactions, ChatPortal.ButtonBody(ChatPortal.UserOf("sam"), SlackMessages.ConfirmAction, value, pressedBySam)))
        {
            Assert.Equal(HttpStatusCode.OK, sam.StatusCode);
        }

        Assert.Contains("Only <@UALICE>", FakeSlack.TextOf(Assert.Single(await chat.Slack.WaitAsync(pressedBySam, r => r.Count > 0))), StringComparison.Ordinal);

        // A confirmation past its time, signed as Slack would.
        var expired = (ChatConfirmation.FromValue(value)! with { ExpiresAtUnixSeconds = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds() }).ToValue();
        var late = chat.Slack.NewHook();
        using (var pressLate = await chat.SendAsync(Interactions, ChatPortal.ButtonBody(alice, SlackMessages.ConfirmAction, expired, late)))
        {
            Assert.Equal(HttpStatusCode.OK, pressLate.StatusCode);
        }

        Assert.Contains("expired", FakeSlack.TextOf(Assert.Single(await chat.Slack.WaitAsync(late, r => r.Count > 0))), StringComparison.Ordinal);
        Assert.Empty(await ChatDeploymentsAsync("payments-api", "prod"));

        // The one who asked confirms in time: one deployment with source chat, however often pressed.
        var confirmed = chat.Slack.NewHook();
        using (var press = await chat.SendAsync(Interactions, ChatPortal.ButtonBody(alice, SlackMessages.ConfirmAction, value, confirmed)))
        {
            Assert.Equal(HttpStatusCode.OK, press.StatusCode);
        }

        using (var again = await chat.SendAsync(Interactions, ChatPortal.ButtonBody(alice, SlackMessages.ConfirmAction, value, confirmed), at: DateTimeOffset.UtcNow.AddSeconds(1)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var messages = await chat.Slack.WaitAsync(confirmed, r => r.Any(m => FakeSlack.TextOf(m).Contains("completed", StringComparison.Ordinal)), TimeSpan.FromSeconds(90));
        Assert.Contains(messages, m => FakeSlack.TextOf(m).StartsWith("Confirmed by <@UALICE>", StringComparison.Ordinal));
        var deployment = Assert.Single(await ChatDeploymentsAsync("payments-api", "prod"));
        Assert.Equal("alice", deployment.Actor);
        Assert.Contains("(confirmed)", deployment.Reason, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendRefusedAsync(string path, string body, string refusal)
    {
        switch (refusal)
        {
            case "bad-signature":
                return await chat.SendAsync(path, body, signature: "v0=" + new string('0', 64));
            case "other-secret":
                return await chat.SendAsync(path, body, secret: "not-the-signing-secret-of-this-app!");
            case "stale":
                return await chat.SendAsync(path, body, at: DateTimeOffset.UtcNow.AddMinutes(-6));
            case "future":
                return await chat.SendAsync(path, body, at: DateTimeOffset.UtcNow.AddMinutes(6));
            case "unsigned":
                return await chat.SendSignedAsync(path, body, string.Empty, string.Empty);
            default:
                // The same request, byte for byte, a second time: the first acts, the second is refused.
                var at = DateTimeOffset.UtcNow;
                using (var first = await chat.SendAsync(path, body, at))
                {
                    Assert.Equal(HttpStatusCode.OK, first.StatusCode);
                }

                return await chat.SendAsync(path, body, at);
        }
    }

    /// <summary>A valid command sent after the refused one has been answered: the refused one, queued before it, would have been too.</summary>
    private async Task AssertNothingDoneAsync(string refusedHook, int auditedBefore, int actedOn)
    {
        var later = chat.Slack.NewHook();
        using (var valid = await chat.SendAsync(Commands, ChatPortal.CommandBody(ChatPortal.UserOf("oscar"), "history orders-api dev", later)))
        {
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        }

        await chat.Slack.WaitAsync(later, r => r.Count > 0);
        Assert.Equal(auditedBefore + actedOn + 1, await ChatAuditCountAsync());
        if (actedOn == 0)
        {
            Assert.Empty(chat.Slack.Received(refusedHook));
        }
    }

    private async Task<int> ChatAuditCountAsync()
    {
        await using var context = await chat.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await context.AuditEntries.CountAsync(e => e.Action == ChatCommands.AuditAction);
    }

    private async Task<List<Deployment>> ChatDeploymentsAsync(string service, string environment)
    {
        await using var context = await chat.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await context.Deployments.Where(d => d.Service == service && d.Environment == environment && d.Source == DeploymentSources.Chat).ToListAsync();
    }
}
