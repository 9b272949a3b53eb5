using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Chat;
using Portal.Server.Simulation;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Chat;

/// <summary>
/// The portal sixty times faster (as DeployPortal) with the simulated chat workspace,
/// answering to a <see cref="FakeSlack"/>; sends commands and button presses signed as Slack signs them.
/// </summary>
public sealed class ChatPortal : IAsyncLifetime
{
    public FakeSlack Slack { get; } = new();

    public PortalApplication Portal { get; private set; } = default!;

    public IServiceProvider Services => Portal.Services;

    public async Task InitializeAsync()
    {
        await Slack.StartAsync();
        var prefix = Slack.Prefix;
        Portal = new PortalApplication(host =>
        {
            // As DeployPortal: a rollout takes seconds, the answer is the outcome.
            host.UseSetting("Simulation:Speed", "60");
            host.UseSetting("Polling:Interval", "00:00:01");
            host.UseSetting("Polling:StaleAfter", "00:00:30");
            host.UseSetting("Deployments:FollowInterval", "00:00:00.200");
            host.UseSetting("Deployments:AnswerWithin", "00:00:30");
            host.UseSetting("Chat:Slack:ResponseUrlPrefix", prefix);
        });
        var fleet = Portal.Services.GetRequiredService<Portal.Server.Fleet.FleetView>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (fleet.Environments.Any(e => fleet.Find(e.Name)?.Freshness.HasSnapshot != true) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Slack.DisposeAsync();
    }

    public static string UserOf(string person) => SimulatedChatWorkspace.UserIdOf(person);

    /// <summary>A slash command's form, as Slack posts it.</summary>
    public static string CommandBody(string slackUser, string text, string responseUrl) =>
        Form(("token", "unused"), ("team_id", "T0ACME"), ("user_id", slackUser), ("command", "/portal"), ("text", text), ("response_url", responseUrl), ("trigger_id", Guid.NewGuid().ToString("N")));

    /// <summary>A button press's form: the block_actions payload as JSON in the field payload.</summary>
    public static string ButtonBody(string slackUser, string actionId, string value, string responseUrl)
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = slackUser },
            ["response_url"] = responseUrl,
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["value"] = value }),
        };
        return Form(("payload", payload.ToJsonString()));
    }

    public Task<HttpResponseMessage> SendAsync(string path, string body, DateTimeOffset? at = null, string? secret = null, string? signature = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SendSignedAsync(path, body, timestamp, signature ?? SlackSignature.Sign(secret ?? SimulatedChatWorkspace.SigningSecret, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    public async Task<HttpResponseMessage> SendSignedAsync(string path, string body, string timestamp, string signature)
    {
        using var client = Portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return await client.SendAsync(request);
    }

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
}
