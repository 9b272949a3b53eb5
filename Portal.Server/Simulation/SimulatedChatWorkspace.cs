using Portal.Server.Chat;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation;

/// <summary>
/// The simulated organization's Slack workspace: a demo signing secret and one Slack user per seed
/// person (U + the user name in capitals, with their email), so the demo and the tests can send
/// signed <c>/portal</c> commands. Used only when Chat:Slack is not configured.
/// </summary>
public static class SimulatedChatWorkspace
{
    /// <summary>Not a secret: anyone can sign requests to a simulated portal with it.</summary>
    public const string SigningSecret = "simulated-signing-secret-0123456789abcdef";

    public static string UserIdOf(string userName)
    {
        ArgumentNullException.ThrowIfNull(userName);
        return "U" + userName.ToUpperInvariant();
    }

    public static void Configure(ChatOptions options, OrganizationSeedSet seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(seed);
        if (options.IsEnabled)
        {
            return;
        }

        options.SigningSecret = SigningSecret;
        if (options.Users.Count == 0)
        {
            options.Users = seed.Identity.Users.Select(u => new ChatUser { UserId = UserIdOf(u.UserName), Email = SimulatedPeopleDirectory.EmailOf(u) }).ToList();
        }
    }
}
