using System.Net;
using Amazon;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSOOIDC;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud.IdentityCenter;
using Oidc = Amazon.SSOOIDC.Model;
using Sso = Amazon.SSO.Model;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// IAM Identity Center through the SDK clients: SSO-OIDC for the device flow, the SSO portal API for
/// assignments and role credentials. Both in the region Aws:IdentityCenter:Region, or at
/// AWS_ENDPOINT_URL_SSO_OIDC / AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL when set. None of these calls
/// is signed (the OIDC ones carry the client secret, the portal ones the person's bearer token), so the
/// clients get anonymous credentials and never look for the portal's own. SDK exceptions end here.
/// </summary>
public sealed class AwsIdentityCenter : IIdentityCenter, IDisposable
{
    private const string OidcService = "sso-oidc";
    private const string PortalService = "sso";
    private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    private readonly TimeProvider _time;
    private readonly Lazy<AmazonSSOOIDCClient> _oidc;
    private readonly Lazy<AmazonSSOClient> _portal;

    public AwsIdentityCenter(IOptions<AwsOptions> options, AwsEndpoints endpoints, TimeProvider time)
    {
        _time = time;

        // Built on first use: a portal without Identity Center settings still starts and polls.
        _oidc = new Lazy<AmazonSSOOIDCClient>(() =>
        {
            var config = new AmazonSSOOIDCConfig { RegionEndpoint = Region(options.Value), MaxErrorRetry = 2, Timeout = options.Value.Timeout };
            if (endpoints.IdentityCenterOidc() is { } endpoint)
            {
                config.ServiceURL = endpoint.ToString();
            }

            return new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
        });
        _portal = new Lazy<AmazonSSOClient>(() =>
        {
            var config = new AmazonSSOConfig { RegionEndpoint = Region(options.Value), MaxErrorRetry = 2, Timeout = options.Value.Timeout };
            if (endpoints.IdentityCenterPortal() is { } endpoint)
            {
                config.ServiceURL = endpoint.ToString();
            }

            return new AmazonSSOClient(new AnonymousAWSCredentials(), config);
        });
    }

    public Task<RegisteredClient> RegisterClientAsync(string clientName, CancellationToken cancellationToken) =>
        OidcCallAsync("RegisterClient", cancellationToken, async () =>
        {
            var response = await _oidc.Value.RegisterClientAsync(new Oidc.RegisterClientRequest { ClientName = clientName, ClientType = "public" }, cancellationToken);
            var expiresAt = response.ClientSecretExpiresAt is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : _time.GetUtcNow();
            return new RegisteredClient(response.ClientId, response.ClientSecret, expiresAt);
        });

    public Task<DeviceAuthorization> StartDeviceAuthorizationAsync(RegisteredClient client, string startUrl, CancellationToken cancellationToken) =>
        OidcCallAsync("StartDeviceAuthorization", cancellationToken, async () =>
        {
            var response = await _oidc.Value.StartDeviceAuthorizationAsync(
                new Oidc.StartDeviceAuthorizationRequest { ClientId = client.ClientId, ClientSecret = client.ClientSecret, StartUrl = startUrl },
                cancellationToken);
            return new DeviceAuthorization(
                response.DeviceCode,
                response.UserCode,
                response.VerificationUri,
                response.VerificationUriComplete ?? response.VerificationUri,
                TimeSpan.FromSeconds(response.ExpiresIn ?? 600),
                response.Interval is { } interval ? TimeSpan.FromSeconds(interval) : IdentityCenterLimits.DefaultInterval);
        });

    public Task<TokenPoll> CreateTokenAsync(RegisteredClient client, string deviceCode, CancellationToken cancellationToken) =>
        OidcCallAsync<TokenPoll>("CreateToken", cancellationToken, async () =>
        {
            try
            {
                var response = await _oidc.Value.CreateTokenAsync(
                    new Oidc.CreateTokenRequest { ClientId = client.ClientId, ClientSecret = client.ClientSecret, GrantType = DeviceCodeGrant, DeviceCode = deviceCode },
                    cancellationToken);
                return new TokenPoll.Issued(response.AccessToken, _time.GetUtcNow() + TimeSpan.FromSeconds(response.ExpiresIn ?? 0));
            }

            // The device flow's expected answers leave the SDK's exception model here, as values.
            catch (Oidc.AuthorizationPendingException)
            {
                return new TokenPoll.Pending();
            }
            catch (Oidc.SlowDownException)
            {
                return new TokenPoll.SlowDown();
            }
            catch (Oidc.AccessDeniedException error)
            {
                return new TokenPoll.Denied(Describe(error));
            }
            catch (Oidc.ExpiredTokenException error)
            {
                return new TokenPoll.Expired(Describe(error));
            }
            catch (Oidc.InvalidGrantException error)
            {
                // A device code Identity Center no longer knows (expired and forgotten, or already used).
                return new TokenPoll.Expired(Describe(error));
            }
        });

    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) =>
        PortalCallAsync("ListAccounts", cancellationToken, async () =>
        {
            var response = await _portal.Value.ListAccountsAsync(
                new Sso.ListAccountsRequest { AccessToken = request.AccessToken, NextToken = request.NextToken, MaxResults = request.MaxResults },
                cancellationToken);
            return new ListAccountsResponse(
                (response.AccountList ?? []).Select(a => new IdentityCenterAccount(a.AccountId, a.AccountName ?? a.AccountId)).ToList(),
                response.NextToken);
        });

    public Task<ListAccountRolesResponse> ListAccountRolesAsync(ListAccountRolesRequest request, CancellationToken cancellationToken) =>
        PortalCallAsync("ListAccountRoles", cancellationToken, async () =>
        {
            var response = await _portal.Value.ListAccountRolesAsync(
                new Sso.ListAccountRolesRequest { AccessToken = request.AccessToken, AccountId = request.AccountId, NextToken = request.NextToken, MaxResults = request.MaxResults },
                cancellationToken);
            return new ListAccountRolesResponse((response.RoleList ?? []).Select(r => r.RoleName).ToList(), response.NextToken);
        });

    public Task<AwsSigningCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken) =>
        PortalCallAsync("GetRoleCredentials", cancellationToken, async () =>
        {
            var response = await _portal.Value.GetRoleCredentialsAsync(
                new Sso.GetRoleCredentialsRequest { AccessToken = accessToken, AccountId = accountId, RoleName = roleName },
                cancellationToken);
            var credentials = response.RoleCredentials
                ?? throw new CloudUnavailableException(PortalService, "GetRoleCredentials", $"Identity Center answered no credentials for {roleName} in {accountId}.");
            return new AwsSigningCredentials(
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                credentials.SessionToken,
                credentials.Expiration is { } milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null);
        });

    public void Dispose()
    {
        if (_oidc.IsValueCreated)
        {
            _oidc.Value.Dispose();
        }

        if (_portal.IsValueCreated)
        {
            _portal.Value.Dispose();
        }
    }

    private static RegionEndpoint Region(AwsOptions options) =>
        options.IdentityCenter.Region is { Length: > 0 } region
            ? RegionEndpoint.GetBySystemName(region)
            : throw new InvalidOperationException("Aws:IdentityCenter:Region is not set: IAM Identity Center cannot be reached.");

    private static async Task<T> OidcCallAsync<T>(string operation, CancellationToken cancellationToken, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException error)
        {
            throw MapOidc(operation, error);
        }
        catch (Exception error) when (Transport(error, cancellationToken))
        {
            throw new CloudUnavailableException(OidcService, operation, $"IAM Identity Center (OIDC) could not be reached for {operation}: {error.Message}", error);
        }
    }

    private static async Task<T> PortalCallAsync<T>(string operation, CancellationToken cancellationToken, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException error)
        {
            throw MapPortal(operation, error);
        }
        catch (Exception error) when (Transport(error, cancellationToken))
        {
            throw new CloudUnavailableException(PortalService, operation, $"The IAM Identity Center portal could not be reached for {operation}: {error.Message}", error);
        }
    }

    /// <summary>Network failures, timeouts and client-side SDK failures: the service was not heard from.</summary>
    private static bool Transport(Exception error, CancellationToken cancellationToken) => error switch
    {
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AmazonClientException => true,
        _ => false,
    };

    private static CloudException MapOidc(string operation, AmazonServiceException error)
    {
        var message = Describe(error);
        return error switch
        {
            Oidc.InvalidClientException or Oidc.UnauthorizedClientException =>
                new IdentityCenterClientRejectedException(operation, $"IAM Identity Center no longer accepts the portal's client registration ({error.ErrorCode}): {message}"),
            Oidc.AccessDeniedException => new CloudAccessDeniedException(OidcService, operation, $"{error.ErrorCode}: {message}"),
            Oidc.SlowDownException => new CloudThrottledException(OidcService, operation, $"IAM Identity Center asked to slow down ({error.ErrorCode}): {message}"),
            Oidc.InternalServerException => new CloudUnavailableException(OidcService, operation, $"IAM Identity Center failed on AWS's side ({error.ErrorCode}): {message}", error),
            _ => ByStatus(OidcService, operation, error, message),
        };
    }

    private static CloudException MapPortal(string operation, AmazonServiceException error)
    {
        var message = Describe(error);
        return error switch
        {
            Sso.UnauthorizedException => new CloudUnauthorizedException(PortalService, operation,
                $"The IAM Identity Center session is no longer valid (expired or signed out); sign in again. {message}"),
            Sso.TooManyRequestsException => new CloudThrottledException(PortalService, operation, $"IAM Identity Center throttled {operation}: {message}"),
            Sso.InvalidRequestException => new CloudValidationException(PortalService, operation, $"{error.ErrorCode}: {message}"),
            Sso.ResourceNotFoundException => new CloudNotFoundException(PortalService, operation, $"{error.ErrorCode}: {message}"),
            _ when error.ErrorCode is "ForbiddenException" or "AccessDeniedException" || error.StatusCode == HttpStatusCode.Forbidden =>
                new CloudAccessDeniedException(PortalService, operation, $"{error.ErrorCode}: {message}"),
            _ => ByStatus(PortalService, operation, error, message),
        };
    }

    private static CloudException ByStatus(string service, string operation, AmazonServiceException error, string message)
    {
        if (error.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new CloudThrottledException(service, operation, $"IAM Identity Center throttled {operation} ({error.ErrorCode}): {message}");
        }

        if ((int)error.StatusCode >= 500)
        {
            return new CloudUnavailableException(service, operation, $"{service}:{operation} failed on AWS's side ({(int)error.StatusCode} {error.ErrorCode}): {message}", error);
        }

        return new CloudValidationException(service, operation, $"{error.ErrorCode}: {message}");
    }

    /// <summary>The OIDC errors carry their text in error_description (OAuth style), the others in message.</summary>
    private static string Describe(AmazonServiceException error)
    {
        var description = error switch
        {
            Oidc.AccessDeniedException e => e.Error_description,
            Oidc.AuthorizationPendingException e => e.Error_description,
            Oidc.ExpiredTokenException e => e.Error_description,
            Oidc.InvalidClientException e => e.Error_description,
            Oidc.InvalidGrantException e => e.Error_description,
            Oidc.InvalidRequestException e => e.Error_description,
            Oidc.SlowDownException e => e.Error_description,
            Oidc.UnauthorizedClientException e => e.Error_description,
            _ => null,
        };
        return description is { Length: > 0 } ? description : error.Message is { Length: > 0 } text ? text : "(AWS gave no message)";
    }
}
