using Microsoft.Extensions.Options;

namespace Portal.Server.Chat;

/// <summary>Section "Chat:Slack": the Slack app the <c>/portal</c> command comes from. Chat is off while no signing secret is set.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat:Slack";

    /// <summary>The Slack app's signing secret (Basic Information › App Credentials): every request is verified with it.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Requests whose timestamp is further than this from now, either way, are refused (Slack says five minutes).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a confirmation button in a protected environment can still be pressed.</summary>
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The workspace's people the portal knows: Slack user id, their email, and optionally their Identity Center user name.</summary>
    public List<ChatUser> Users { get; set; } = [];

    /// <summary>Where the unmapped are told to ask to be linked.</summary>
    public string LinkHelp { get; set; } = "Ask a portal administrator to add your Slack user id and email under Chat:Slack:Users.";

    /// <summary>
    /// Answers go only to addresses starting so (Slack's own); a signed request is Slack's, but the
    /// portal still never posts its messages anywhere else.
    /// </summary>
    public string ResponseUrlPrefix { get; set; } = "https://hooks.slack.com/";

    public bool IsResponseUrl(string? url) =>
        url is not null && url.StartsWith(ResponseUrlPrefix, StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url, UriKind.Absolute, out _);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(SigningSecret);
}

/// <summary>One person of the chat workspace: who they are in Slack, and how the portal finds them in Identity Center.</summary>
public sealed class ChatUser
{
    /// <summary>Slack's user id (U…), as the command's <c>user_id</c>.</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>The email the person has in Slack and in Identity Center.</summary>
    public string? Email { get; set; }

    /// <summary>The Identity Center user name, when it is not the email.</summary>
    public string? UserName { get; set; }
}

internal sealed class ChatOptionsValidation : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.SigningSecret!.Trim().Length < 16)
        {
            errors.Add("Chat:Slack:SigningSecret must be the app's signing secret (32 characters), not a short word.");
        }

        if (options.MaxClockSkew <= TimeSpan.Zero || options.MaxClockSkew > TimeSpan.FromMinutes(5))
        {
            errors.Add("Chat:Slack:MaxClockSkew must be positive and at most five minutes.");
        }

        if (options.ConfirmationLifetime < TimeSpan.FromSeconds(30) || options.ConfirmationLifetime > TimeSpan.FromMinutes(30))
        {
            errors.Add("Chat:Slack:ConfirmationLifetime must be between 30 seconds and 30 minutes (Slack's response_url lasts 30 minutes).");
        }

        if (!Uri.TryCreate(options.ResponseUrlPrefix, UriKind.Absolute, out var prefix) || (prefix.Scheme != Uri.UriSchemeHttps && !prefix.IsLoopback))
        {
            errors.Add("Chat:Slack:ResponseUrlPrefix must be an https address (or http to localhost).");
        }

        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            if (string.IsNullOrWhiteSpace(user.UserId))
            {
                errors.Add($"Chat:Slack:Users:{i}:UserId is required.");
            }

            if (string.IsNullOrWhiteSpace(user.Email) && string.IsNullOrWhiteSpace(user.UserName))
            {
                errors.Add($"Chat:Slack:Users:{i} needs an Email or a UserName.");
            }
        }

        foreach (var twice in options.Users.GroupBy(u => u.UserId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"Chat:Slack:Users names {twice.Key} more than once.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
