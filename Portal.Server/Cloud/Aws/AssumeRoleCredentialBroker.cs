using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Options;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Credentials for a caller's account and role: the portal's own identity from the default chain
/// (environment, profile, container or instance role) assumes the role through STS. Each role's
/// credentials are reused until five minutes before they expire.
/// </summary>
public sealed partial class AssumeRoleCredentialBroker(
    IOptions<AwsOptions> options,
    AwsEndpoints endpoints,
    TimeProvider time,
    ILogger<AssumeRoleCredentialBroker> logger) : IAwsCredentialBroker, IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, AwsSigningCredentials> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _renewing = new(1, 1);

    public async Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var role = RoleFor(caller);
        if (Fresh(role.Arn) is { } cached)
        {
            return cached;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            return Fresh(role.Arn) ?? await AssumeAsync(caller, role, cancellationToken);
        }
        finally
        {
            _renewing.Release();
        }
    }

    public void Dispose() => _renewing.Dispose();

    private AwsSigningCredentials? Fresh(string roleArn) =>
        _cache.TryGetValue(roleArn, out var credentials) && (credentials.Expiration ?? DateTimeOffset.MaxValue) - RenewBefore > time.GetUtcNow() ? credentials : null;

    private async Task<AwsSigningCredentials> AssumeAsync(CloudCaller caller, ConfiguredRole role, CancellationToken cancellationToken)
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(caller.Region), MaxErrorRetry = 2, Timeout = options.Value.Timeout };
        if (endpoints.SecurityTokenService() is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
        }

        try
        {
            var portalIdentity = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(config);
            using var sts = new AmazonSecurityTokenServiceClient(portalIdentity, config);
            var response = await sts.AssumeRoleAsync(
                new AssumeRoleRequest
                {
                    RoleArn = role.Arn,
                    RoleSessionName = caller.SessionName,
                    ExternalId = role.ExternalId,
                    DurationSeconds = 3600,
                },
                cancellationToken);
            var assumed = response.Credentials;
            var credentials = new AwsSigningCredentials(
                assumed.AccessKeyId,
                assumed.SecretAccessKey,
                assumed.SessionToken,
                new DateTimeOffset(DateTime.SpecifyKind(assumed.Expiration ?? time.GetUtcNow().UtcDateTime.AddHours(1), DateTimeKind.Utc)));
            _cache[role.Arn] = credentials;
            LogAssumed(logger, role.Arn, credentials.Expiration!.Value);
            return credentials;
        }
        catch (AmazonServiceException error) when (error.ErrorCode is "AccessDenied" or "AccessDeniedException")
        {
            throw new CloudAccessDeniedException("sts", "AssumeRole",
                $"The portal cannot assume {role.Arn}: {error.Message} Check the role's trust policy names the portal's identity (and the external id, if set).");
        }
        catch (AmazonServiceException error) when (error.ErrorCode is "Throttling" or "ThrottlingException")
        {
            throw new CloudThrottledException("sts", "AssumeRole", error.Message);
        }
        catch (AmazonServiceException error)
        {
            throw new CloudUnavailableException("sts", "AssumeRole", $"AssumeRole of {role.Arn} failed: {error.ErrorCode}: {error.Message}", error);
        }
        catch (HttpRequestException error)
        {
            throw new CloudUnavailableException("sts", "AssumeRole", $"STS could not be reached to assume {role.Arn}: {error.Message}", error);
        }
        catch (AmazonClientException error)
        {
            throw new CloudUnavailableException("sts", "AssumeRole", $"No AWS credentials for the portal to assume {role.Arn} with: {error.Message}", error);
        }
    }

    /// <summary>The configured role ARN when the caller names a configured role, else the role of that name in the caller's account.</summary>
    private ConfiguredRole RoleFor(CloudCaller caller)
    {
        foreach (var environment in options.Value.Environments.Where(e => e.AccountId == caller.AccountId))
        {
            if (RoleName(environment.ReadRoleArn) == caller.RoleName)
            {
                return new ConfiguredRole(environment.ReadRoleArn, environment.ExternalId);
            }

            if (environment.DeployerRoleArn is { } deployer && RoleName(deployer) == caller.RoleName)
            {
                return new ConfiguredRole(deployer, null);
            }
        }

        return new ConfiguredRole($"arn:aws:iam::{caller.AccountId}:role/{caller.RoleName}", null);
    }

    /// <summary>"arn:aws:iam::123456789012:role/path/PortalReadOnly" → "PortalReadOnly".</summary>
    public static string RoleName(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    private sealed record ConfiguredRole(string Arn, string? ExternalId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assumed {RoleArn}; credentials expire at {Expiration}")]
    private static partial void LogAssumed(ILogger logger, string roleArn, DateTimeOffset expiration);
}
