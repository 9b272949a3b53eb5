using System.Text.Json.Nodes;

namespace Portal.Server.Chat;

/// <summary>The messages the portal answers Slack with: plain text, and Block Kit for the confirmation buttons.</summary>
public static class SlackMessages
{
    public const string ConfirmAction = "portal_confirm";
    public const string CancelAction = "portal_cancel";

    /// <summary>Seen only by the person who typed the command.</summary>
    public static JsonObject Ephemeral(string text) => new() { ["response_type"] = "ephemeral", ["text"] = text };

    /// <summary>Seen by the channel: deploys and their progress concern everyone there.</summary>
    public static JsonObject InChannel(string text) => new() { ["response_type"] = "in_channel", ["text"] = text };

    /// <summary>Replaces the message whose button was pressed (the confirmation), so it cannot be pressed again.</summary>
    public static JsonObject Replacing(string text) => new() { ["replace_original"] = true, ["text"] = text };

    /// <summary>Asks the person to confirm a change in a protected environment: what, where, what changes, and until when.</summary>
    public static JsonObject Confirmation(string question, string confirmationValue)
    {
        return new JsonObject
        {
            ["response_type"] = "ephemeral",
            ["text"] = question,
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = question } },
                new JsonObject
                {
                    ["type"] = "actions",
                    ["elements"] = new JsonArray(
                        Button("Confirm", ConfirmAction, confirmationValue, "danger"),
                        Button("Cancel", CancelAction, confirmationValue, style: null)),
                }),
        };
    }

    private static JsonObject Button(string label, string actionId, string value, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = label },
            ["action_id"] = actionId,
            ["value"] = value,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }
}
