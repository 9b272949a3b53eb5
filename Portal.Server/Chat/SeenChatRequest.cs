namespace Portal.Server.Chat;

/// <summary>A chat request already acted on, by its signature: the same signed request again is a replay.</summary>
public sealed class SeenChatRequest
{
    /// <summary>The request's <c>X-Slack-Signature</c>: unique per timestamp and body.</summary>
    public required string Signature { get; set; }

    public DateTimeOffset SeenAt { get; set; }
}
