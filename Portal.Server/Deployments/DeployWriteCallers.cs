using Portal.Server.Access;
using Portal.Server.Cloud;
using Portal.Server.Fleet;
using Portal.Server.SignIn;

namespace Portal.Server.Deployments;

/// <summary>
/// Who a write runs as: a person with the role they switched to in that environment (their own
/// Identity Center credentials), a machine token with the environment's configured deployer role.
/// </summary>
public sealed class DeployWriteCallers(CurrentCaller caller, PortalAccess access)
{
    /// <summary>The caller for writes in the environment, or null with the reason when there is none.</summary>
    public async Task<(CloudCaller? Caller, string? Problem)> ForAsync(FleetEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var info = environment.Info;
        if (caller.Person is { } person)
        {
            var role = await access.ActiveRoleAsync(info.Name, cancellationToken);
            var session = SignInClaims.SessionOf(caller.Principal);
            return role is null || session is null
                ? (null, $"You hold no role in {info.Name}.")
                : (new CloudCaller(info.AccountId, info.Region, role, person.UserName) { PersonSession = session }, null);
        }

        if (caller.Token is { } token)
        {
            return environment.DeployerRole is { } deployer
                ? (new CloudCaller(info.AccountId, info.Region, deployer, token.Actor.Replace(':', '-')), null)
                : (null, $"No deployer role is configured for {info.Name} (Aws:Environments:N:DeployerRoleArn), so tokens cannot deploy there.");
        }

        return (null, "Sign in, or send an API token.");
    }
}
