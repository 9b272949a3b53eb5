using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud.IdentityCenter;
using Portal.Server.SignIn;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Learns whose Identity Center token it is the way AWS records it: credentials for one of the
/// person's roles, then STS GetCallerIdentity, whose assumed-role ARN ends with the person's user
/// name (arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Deployer_0123/alice@example.com).
/// </summary>
public sealed class AwsPersonNames(IIdentityCenter identityCenter, AwsEndpoints endpoints, IOptions<AwsOptions> options) : IPersonNames
{
    public async Task<PersonName> NameAsync(SignedInIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var assignment = identity.Assignments.FirstOrDefault()
            ?? throw new CloudAccessDeniedException("sso", "ListAccountRoles", "You are assigned no role in any AWS account, so the portal has nothing to show you. Ask an administrator for a role.");

        var credentials = await identityCenter.GetRoleCredentialsAsync(identity.AccessToken, assignment.AccountId, assignment.RoleName, cancellationToken);
        // Bounded like every other AWS call: a person waits on this to finish signing in.
        var config = new AmazonSecurityTokenServiceConfig
        {
            RegionEndpoint = RegionEndpoint.GetBySystemName(options.Value.IdentityCenter.Region ?? "us-east-1"),
            Timeout = options.Value.Timeout,
            MaxErrorRetry = Math.Max(0, options.Value.MaxAttempts - 1),
        };
        if (endpoints.SecurityTokenService() is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }

        try
        {
            using var sts = new AmazonSecurityTokenServiceClient(
                new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), config);
            var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
            var userName = UserNameOf(caller.Arn);
            return new PersonName(userName, userName);
        }
        catch (AmazonServiceException error)
        {
            throw new CloudUnavailableException("sts", "GetCallerIdentity", $"STS could not say who signed in: {error.ErrorCode}: {error.Message}", error);
        }
        catch (HttpRequestException error)
        {
            throw new CloudUnavailableException("sts", "GetCallerIdentity", $"STS could not be reached to learn who signed in: {error.Message}", error);
        }
    }

    /// <summary>The role session name, which Identity Center sets to the person's user name.</summary>
    public static string UserNameOf(string? arn)
    {
        var slash = arn?.LastIndexOf('/') ?? -1;
        return slash >= 0 && slash < arn!.Length - 1
            ? arn[(slash + 1)..]
            : throw new CloudUnavailableException("sts", "GetCallerIdentity", $"STS answered an identity without a session name: '{arn}'.");
    }
}
