using Portal.Server.Cloud.Aws;

namespace Portal.Server.Cloud.IdentityCenter;

/// <summary>
/// IAM Identity Center as the portal uses it for people's sign-in, shaped like the SSO-OIDC API
/// (RegisterClient, StartDeviceAuthorization, CreateToken) and the SSO portal API (ListAccounts,
/// ListAccountRoles, GetRoleCredentials), so the real SDK adapter and the simulated organization
/// implement the same seam. Failures other than the device flow's own answers are
/// <see cref="CloudException"/>s.
/// </summary>
public interface IIdentityCenter
{
    /// <summary>Registers the portal as a public OIDC client; the registration lasts until <see cref="RegisteredClient.ExpiresAt"/>.</summary>
    Task<RegisteredClient> RegisterClientAsync(string clientName, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a device authorization for the organization's start URL: a user code for the person to
    /// confirm on the verification page, and a device code to poll <see cref="CreateTokenAsync"/> with.
    /// Throws <see cref="IdentityCenterClientRejectedException"/> when the client registration is no longer accepted.
    /// </summary>
    Task<DeviceAuthorization> StartDeviceAuthorizationAsync(RegisteredClient client, string startUrl, CancellationToken cancellationToken);

    /// <summary>
    /// One poll of the device authorization. The answers the device flow expects (pending, slow down,
    /// denied, expired) come back as a <see cref="TokenPoll"/>, not as exceptions.
    /// </summary>
    Task<TokenPoll> CreateTokenAsync(RegisteredClient client, string deviceCode, CancellationToken cancellationToken);

    /// <summary>One page of the accounts the token's person is assigned to. Throws <see cref="CloudUnauthorizedException"/> for an expired or unknown token.</summary>
    Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken);

    /// <summary>One page of the roles the token's person may use in one account.</summary>
    Task<ListAccountRolesResponse> ListAccountRolesAsync(ListAccountRolesRequest request, CancellationToken cancellationToken);

    /// <summary>Short-term credentials for one of the person's roles, with their expiry.</summary>
    Task<AwsSigningCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken);
}

public static class IdentityCenterLimits
{
    /// <summary>ListAccounts and ListAccountRoles answer at most this many items per page.</summary>
    public const int ListMaxResults = 100;

    /// <summary>What RFC 8628 tells a device client to add to its polling interval on slow_down.</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>The polling interval when the authorization names none (RFC 8628's default).</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
}
