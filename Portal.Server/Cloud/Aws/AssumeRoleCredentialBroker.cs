using System.Collections.Concurrent;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Options;
using Portal.Server.Costs;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Credentials for a caller's account and role: the portal's own identity from the default chain
/// (environment, profile, container or instance role) assumes the role through STS. Credentials are
/// kept per (role, session name, external id), so each token's deploys carry its own session name
/// in CloudTrail, and reused until five minutes before they expire. Each entry renews on its own: a
/// slow STS answer for one role holds up only the callers of that role.
/// </summary>
public sealed partial class AssumeRoleCredentialBroker(
    IOptions<AwsOptions> options,
    IOptions<CostOptions> costs,
    AwsEndpoints endpoints,
    TimeProvider time,
    ILogger<AssumeRoleCredentialBroker> logger) : IAwsCredentialBroker, IDisposable
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<AssumedRole, Entry> _entries = new();

    public async Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken)
    {
        var role = RoleFor(caller);
        var entry = _entries.GetOrAdd(role, _ => new Entry());
        if (Fresh(entry.Credentials) is { } cached)
        {
            return cached;
        }

        await entry.Renewing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(entry.Credentials) is { } renewedMeanwhile)
            {
                return renewedMeanwhile;
            }

            var credentials = await AssumeAsync(caller, role, cancellationToken);
            entry.Credentials = credentials;
            return credentials;
        }
        finally
        {
            entry.Renewing.Release();
        }
    }

    public void Forget(CloudCaller caller, AwsSigningCredentials stale)
    {
        var role = RoleFor(caller);
        if (_entries.TryGetValue(role, out var entry) && entry.Drop(stale))
        {
            LogForgotten(logger, role.Arn, role.SessionName);
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Dispose();
        }

        _entries.Clear();
    }

    private AwsSigningCredentials? Fresh(AwsSigningCredentials? credentials) =>
        credentials is not null && (credentials.Expiration ?? DateTimeOffset.MaxValue) - RenewBefore > time.GetUtcNow() ? credentials : null;

    private async Task<AwsSigningCredentials> AssumeAsync(CloudCaller caller, AssumedRole role, CancellationToken cancellationToken)
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
                    RoleSessionName = role.SessionName,
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
            LogAssumed(logger, role.Arn, role.SessionName, credentials.Expiration!.Value);
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

    /// <summary>
    /// The configured role (its ARN with its path, its external id) when the caller names the read or
    /// deployer role of one of its account's environments, or the cost role; else the role of that
    /// name in the caller's account, in the partition of the caller's region.
    /// </summary>
    private AssumedRole RoleFor(CloudCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var session = StsSessionName.For(caller.SessionName);
        foreach (var environment in options.Value.Environments.Where(e => e.AccountId == caller.AccountId))
        {
            if (RoleName(environment.ReadRoleArn) == caller.RoleName)
            {
                return new AssumedRole(environment.ReadRoleArn, session, environment.ExternalId);
            }

            if (environment.DeployerRoleArn is { } deployer && RoleName(deployer) == caller.RoleName)
            {
                return new AssumedRole(deployer, session, environment.DeployerExternalId);
            }
        }

        var cost = costs.Value;
        var externalId = cost.AccountId == caller.AccountId && cost.RoleName == caller.RoleName ? cost.ExternalId : null;
        return new AssumedRole(AwsPartition.Of(caller.Region).RoleArn(caller.AccountId, caller.RoleName), session, externalId);
    }

    /// <summary>"arn:aws:iam::123456789012:role/path/PortalReadOnly" → "PortalReadOnly".</summary>
    public static string RoleName(string roleArn)
    {
        ArgumentNullException.ThrowIfNull(roleArn);
        return roleArn[(roleArn.LastIndexOf('/') + 1)..];
    }

    /// <summary>What STS is asked for; credentials are kept per value.</summary>
    private readonly record struct AssumedRole(string Arn, string SessionName, string? ExternalId);

    private sealed class Entry : IDisposable
    {
        private AwsSigningCredentials? _credentials;

        public SemaphoreSlim Renewing { get; } = new(1, 1);

        public AwsSigningCredentials? Credentials
        {
            get => Volatile.Read(ref _credentials);
            set => Volatile.Write(ref _credentials, value);
        }

        /// <summary>Drops the credentials if they are still <paramref name="stale"/>; true when dropped.</summary>
        public bool Drop(AwsSigningCredentials stale) => ReferenceEquals(Interlocked.CompareExchange(ref _credentials, null, stale), stale);

        public void Dispose() => Renewing.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Assumed {RoleArn} as session {SessionName}; credentials expire at {Expiration}")]
    private static partial void LogAssumed(ILogger logger, string roleArn, string sessionName, DateTimeOffset expiration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS refused the credentials of {RoleArn} session {SessionName} as expired; fetching fresh ones")]
    private static partial void LogForgotten(ILogger logger, string roleArn, string sessionName);
}
