using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Portal.Server.Chat;

/// <summary>
/// Slack's two ways in: the <c>/portal</c> slash command and the buttons of its messages. Both are
/// verified by <see cref="ChatRequestGuard"/> (anything else: 401, nothing done), answer within
/// Slack's three seconds, and leave the work to <see cref="ChatWorker"/>.
/// </summary>
public static partial class SlackEndpoints
{
    public const string CommandsPath = "/api/chat/slack/commands";
    public const string InteractionsPath = "/api/chat/slack/interactions";

    public static IEndpointRouteBuilder MapChat(this IEndpointRouteBuilder routes)
    {
        var chat = routes.MapGroup("/api/chat/slack").WithTags("Chat").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        chat.MapPost("/commands", CommandAsync);
        chat.MapPost("/interactions", InteractionAsync);
        return routes;
    }

    private static async Task<IResult> CommandAsync(HttpRequest request, ChatRequestGuard guard, ChatQueue queue, IOptions<ChatOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled)
        {
            return TypedResults.NotFound();
        }

        if (await guard.AdmitAsync(request, cancellationToken) is not { } form)
        {
            return TypedResults.Unauthorized();
        }

        var user = form["user_id"].ToString();
        var responseUrl = form["response_url"].ToString();
        var (command, problem) = ChatCommand.Parse(form["text"].ToString());
        if (command is null)
        {
            return TypedResults.Json(SlackMessages.Ephemeral(problem!));
        }

        if (command.Verb == ChatCommand.Help)
        {
            return TypedResults.Json(SlackMessages.Ephemeral(ChatCommand.HelpText));
        }

        if (string.IsNullOrEmpty(user) || !options.Value.IsResponseUrl(responseUrl))
        {
            return TypedResults.Json(SlackMessages.Ephemeral("The portal cannot answer this request: it names no user or no Slack response address."));
        }

        var key = form["trigger_id"].ToString() is { Length: > 0 and <= 100 } trigger ? trigger : Guid.NewGuid().ToString("N");
        return queue.TryEnqueue(new ChatWork(user, command, responseUrl, key))
            ? TypedResults.Json(SlackMessages.Ephemeral(command.Changes ? $"On it: `/portal {command.Text}`. Progress follows here." : $"Looking: `/portal {command.Text}`…"))
            : TypedResults.Json(SlackMessages.Ephemeral("The portal is busy with other chat commands; try again in a minute."));
    }

    private static async Task<IResult> InteractionAsync(
        HttpRequest request, ChatRequestGuard guard, ChatQueue queue, SlackResponses responses, IOptions<ChatOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!options.Value.IsEnabled)
        {
            return TypedResults.NotFound();
        }

        if (await guard.AdmitAsync(request, cancellationToken) is not { } form)
        {
            return TypedResults.Unauthorized();
        }

        var interaction = Interaction.Read(form["payload"].ToString());
        if (interaction is null || !options.Value.IsResponseUrl(interaction.ResponseUrl))
        {
            return TypedResults.BadRequest();
        }

        var confirmation = ChatConfirmation.FromValue(interaction.Value);
        var (command, _) = ChatCommand.Parse(confirmation?.CommandText);
        if (confirmation is null || command is null || !command.Changes)
        {
            return TypedResults.BadRequest();
        }

        if (interaction.UserId != confirmation.SlackUserId)
        {
            responses.Post(interaction.ResponseUrl, SlackMessages.Ephemeral($"Only <@{confirmation.SlackUserId}>, who asked, can confirm `/portal {command.Text}`."));
        }
        else if (interaction.ActionId == SlackMessages.CancelAction)
        {
            responses.Post(interaction.ResponseUrl, SlackMessages.Replacing($"Cancelled: `/portal {command.Text}`. Nothing changed."));
        }
        else if (time.GetUtcNow() > confirmation.ExpiresAt)
        {
            responses.Post(interaction.ResponseUrl, SlackMessages.Replacing($"This confirmation has expired; nothing changed. Type `/portal {command.Text}` again."));
        }
        else if (interaction.ActionId == SlackMessages.ConfirmAction
            && !queue.TryEnqueue(new ChatWork(interaction.UserId, command, interaction.ResponseUrl, "confirm-" + confirmation.Id, confirmation)))
        {
            responses.Post(interaction.ResponseUrl, SlackMessages.Ephemeral("The portal is busy with other chat commands; press Confirm again in a minute."));
        }

        // Slack wants an empty 200 for a button: the answers go to the response_url.
        return TypedResults.Ok();
    }

    /// <summary>The parts of a block_actions payload the portal reads.</summary>
    private sealed record Interaction(string UserId, string ResponseUrl, string ActionId, string? Value)
    {
        public static Interaction? Read(string payload)
        {
            try
            {
                var node = JsonNode.Parse(payload);
                var action = node?["actions"]?.AsArray().FirstOrDefault();
                var user = node?["user"]?["id"]?.GetValue<string>();
                var url = node?["response_url"]?.GetValue<string>();
                var id = action?["action_id"]?.GetValue<string>();
                return user is null || url is null || id is null ? null : new Interaction(user, url, id, action?["value"]?.GetValue<string>());
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
            {
                return null;
            }
        }
    }
}
