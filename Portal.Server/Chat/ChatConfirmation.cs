using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Server.Chat;

/// <summary>
/// What a confirmation button carries back: the command, who asked, until when, and an id that makes
/// the confirmed change one deployment however often the button is pressed. It travels inside the
/// portal's own message and comes back inside a request Slack signed, so it is not stored.
/// </summary>
public sealed record ChatConfirmation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("user")] string SlackUserId,
    [property: JsonPropertyName("command")] string CommandText,
    [property: JsonPropertyName("until")] long ExpiresAtUnixSeconds)
{
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresAtUnixSeconds);

    public string ToValue() => JsonSerializer.Serialize(this);

    public static ChatConfirmation? FromValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ChatConfirmation>(value);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
