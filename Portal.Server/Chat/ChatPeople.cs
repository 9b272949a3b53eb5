using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.SignIn;
using Portal.Shared.Access;

namespace Portal.Server.Chat;

/// <summary>
/// Who a Slack user is in the portal: their entry in <c>Chat:Slack:Users</c> names them by email (or
/// Identity Center user name), and the people directory gives the person with every role they hold.
/// </summary>
public sealed class ChatPeople(IOptions<ChatOptions> options, IPeopleDirectory directory)
{
    /// <summary>Stands in for a session key: a chat principal has no Identity Center session, so nothing can use one for it.</summary>
    public const string NoSession = "chat";

    public async Task<Person?> FindAsync(string slackUserId, CancellationToken cancellationToken)
    {
        var user = options.Value.Users.FirstOrDefault(u => string.Equals(u.UserId, slackUserId, StringComparison.Ordinal));
        var name = user?.UserName ?? user?.Email;
        return string.IsNullOrWhiteSpace(name) ? null : await directory.FindAsync(name, cancellationToken);
    }

    /// <summary>The scope's caller becomes the person, with exactly the roles the directory gives them.</summary>
    public static void ActAs(CurrentCaller caller, Person person)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(person);
        var identity = new SignedInIdentity(
            string.Empty, DateTimeOffset.MaxValue, person.Assignments.Select(a => new Cloud.IdentityCenter.RoleAssignment(string.Empty, a.Environment, a.Environment, a.Role)).ToList());
        var context = new DefaultHttpContext { User = SignInClaims.Create(new PersonName(person.UserName, person.DisplayName), identity, NoSession) };
        caller.SetFromRequest(context);
    }

    /// <summary>How the audit trail names the Slack user before (or without) a person.</summary>
    public static string SlackName(string slackUserId) => $"slack:{slackUserId}";
}
