using Microsoft.Extensions.Options;
using Portal.Shared.Deployments;

namespace Portal.Server.Deployments;

/// <summary>Section "Deployments": how deployments are followed and guarded.</summary>
public sealed class DeploymentsOptions
{
    public const string Section = "Deployments";

    /// <summary>How often a deployment in flight is read back from ECS.</summary>
    public TimeSpan FollowInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a service's deploy lock outlives its last renewal: long enough for any rollout step,
    /// short enough that a lock whose instance died frees itself soon.
    /// </summary>
    public TimeSpan LockLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A deployment ECS has not finished after this long is recorded as failed, and its lock freed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How long a deploy request waits for its writes (register, update the service) before it
    /// answers with the deployment as it stands; the writes go on, and the follower takes over.
    /// </summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(3);

    public List<FreezeWindow> FreezeWindows { get; set; } = [];

    /// <summary>
    /// Where a build's commit is read, with <c>{service}</c> and <c>{commit}</c> filled in (such as
    /// https://git.example.com/{service}/commit/{commit}); none, the deploy dialog shows the commit unlinked.
    /// </summary>
    public string? CommitLinks { get; set; }

    /// <summary>The commit's address for a build of the service, or null when no <see cref="CommitLinks"/> is configured.</summary>
    public string? CommitLink(string service, string commit) =>
        string.IsNullOrWhiteSpace(CommitLinks) ? null : CommitLinks.Replace("{service}", Uri.EscapeDataString(service), StringComparison.Ordinal).Replace("{commit}", Uri.EscapeDataString(commit), StringComparison.Ordinal);
}

internal sealed class DeploymentsOptionsValidation : IValidateOptions<DeploymentsOptions>
{
    public ValidateOptionsResult Validate(string? name, DeploymentsOptions options)
    {
        var errors = new List<string>();
        if (options.FollowInterval <= TimeSpan.Zero)
        {
            errors.Add("Deployments:FollowInterval must be positive.");
        }

        if (options.LockLifetime < TimeSpan.FromMinutes(1))
        {
            errors.Add("Deployments:LockLifetime must be at least a minute.");
        }

        if (options.AnswerWithin < TimeSpan.Zero || options.AnswerWithin > TimeSpan.FromMinutes(1))
        {
            errors.Add("Deployments:AnswerWithin must be between 0 and one minute: a deploy request answers within it.");
        }

        for (var i = 0; i < options.FreezeWindows.Count; i++)
        {
            var window = options.FreezeWindows[i];
            if (string.IsNullOrWhiteSpace(window.Environment))
            {
                errors.Add($"Deployments:FreezeWindows:{i}:Environment is required.");
            }

            if (window.End <= window.Start)
            {
                errors.Add($"Deployments:FreezeWindows:{i}:End must be after its Start.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.CommitLinks)
            && (!options.CommitLinks.StartsWith("https://", StringComparison.Ordinal) || !options.CommitLinks.Contains("{commit}", StringComparison.Ordinal)))
        {
            errors.Add("Deployments:CommitLinks must be an https address with {commit} in it, such as https://git.example.com/{service}/commit/{commit}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
