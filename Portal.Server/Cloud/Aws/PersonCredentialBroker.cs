using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.SignIn;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Signs a person's writes with their own role credentials from Identity Center (so CloudTrail
/// names them and AWS allows no more than their role does); every other call goes through the
/// portal's assumed roles.
/// </summary>
public sealed class PersonCredentialBroker(AssumeRoleCredentialBroker portalRoles, SignInSessionStore sessions, RoleCredentialCache credentials)
    : IAwsCredentialBroker
{
    public async Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.PersonSession is not { } session)
        {
            return await portalRoles.GetAsync(caller, cancellationToken);
        }

        var accessToken = await sessions.AccessTokenAsync(session, cancellationToken)
            ?? throw new CloudUnauthorizedException("sso", "GetRoleCredentials", "Your session has ended. Sign in again to go on.");
        return await credentials.GetAsync(session, accessToken, caller.AccountId, caller.RoleName, cancellationToken);
    }

    public void Forget(CloudCaller caller, AwsSigningCredentials stale)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.PersonSession is { } session)
        {
            credentials.Forget(session, caller.AccountId, caller.RoleName, stale);
        }
        else
        {
            portalRoles.Forget(caller, stale);
        }
    }
}
