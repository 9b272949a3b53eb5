using Portal.Server.Access;
using Portal.Server.Simulation.Seed;
using Portal.Shared.Access;

namespace Portal.Server.Simulation;

/// <summary>The simulated organization's people, straight from the seed's identity.json, found by user name or email.</summary>
public sealed class SimulatedPeopleDirectory(OrganizationSeedSet seed) : IPeopleDirectory
{
    public Task<Person?> FindAsync(string userNameOrEmail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userNameOrEmail);
        var user = seed.Identity.Users.FirstOrDefault(u =>
            string.Equals(u.UserName, userNameOrEmail, StringComparison.OrdinalIgnoreCase) || string.Equals(EmailOf(u), userNameOrEmail, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(user is null ? null : PersonOf(user));
    }

    public Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Person>>(seed.Identity.Users.Select(PersonOf).ToList());

    /// <summary>The email the simulated chat workspace and Identity Center know the person by.</summary>
    public static string EmailOf(UserSeed user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Email ?? $"{user.UserName}@acme.example";
    }

    private static Person PersonOf(UserSeed user) =>
        new(user.UserName, user.DisplayName, user.Assignments.Select(a => new RoleAssignment(a.Environment, a.Role)).ToList());
}
