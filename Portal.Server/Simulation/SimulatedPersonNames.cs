using Portal.Server.Cloud;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.Simulation.Seed;
using Portal.Server.SignIn;

namespace Portal.Server.Simulation;

/// <summary>The simulated Identity Center knows whose token it issued; the seed gives the person's display name.</summary>
public sealed class SimulatedPersonNames(SimulatedIdentityCenter identityCenter, OrganizationSeedSet seed) : IPersonNames
{
    public Task<PersonName> NameAsync(SignedInIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var userName = identityCenter.UserNameFor(identity.AccessToken)
            ?? throw new CloudUnauthorizedException("sso", "GetCallerIdentity", "The simulated Identity Center no longer knows this token.");
        var user = seed.Identity.Users.FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(new PersonName(userName, user?.DisplayName ?? userName));
    }
}
