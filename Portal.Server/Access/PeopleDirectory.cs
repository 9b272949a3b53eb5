using Microsoft.EntityFrameworkCore;
using Portal.Server.Persistence;
using Portal.Server.SignIn;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// The organization's people and their Identity Center roles, for what acts for a person who is not
/// at a page (the chat command) and for naming who may do something (the publish page's "who can publish").
/// </summary>
public interface IPeopleDirectory
{
    /// <summary>The person with that user name or email, with every role they hold; null when unknown.</summary>
    Task<Person?> FindAsync(string userNameOrEmail, CancellationToken cancellationToken);

    /// <summary>Every person the directory knows.</summary>
    Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Against real AWS: the portal reads a person's roles from Identity Center only with their own
/// token, so a person is known here with the roles of their newest sign-in session still open.
/// Someone who has not signed in for eight hours is unknown until they sign in again.
/// </summary>
public sealed class SessionPeopleDirectory(IDbContextFactory<PortalDbContext> contexts, SignInSessionStore sessions, TimeProvider time) : IPeopleDirectory
{
    public async Task<Person?> FindAsync(string userNameOrEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userNameOrEmail);
        var wanted = userNameOrEmail.Trim().ToLowerInvariant();
        return (await LiveAsync(cancellationToken)).FirstOrDefault(p => p.UserName.Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }

    public async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken) => await LiveAsync(cancellationToken);

    private async Task<List<Person>> LiveAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<SignInSession> live;
        await using (var context = await contexts.CreateDbContextAsync(cancellationToken))
        {
            live = await context.SignInSessions.AsNoTracking().Where(s => s.ExpiresAt > now).ToListAsync(cancellationToken);
        }

        var people = new List<Person>();
        foreach (var newest in live.GroupBy(s => s.UserName, StringComparer.OrdinalIgnoreCase).Select(g => g.OrderByDescending(s => s.CreatedAt).First()))
        {
            if (SignInClaims.PersonOf((await sessions.RetrieveAsync(newest.Key))?.Principal) is { } person)
            {
                people.Add(person);
            }
        }

        return people;
    }
}
