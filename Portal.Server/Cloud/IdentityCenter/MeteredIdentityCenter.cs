using Portal.Server.Cloud.Aws;

namespace Portal.Server.Cloud.IdentityCenter;

/// <summary>Counts every Identity Center call, whichever world answers it.</summary>
public sealed class MeteredIdentityCenter(IIdentityCenter inner, CloudCallMeter meter) : IIdentityCenter
{
    private const string Oidc = "sso-oidc";
    private const string Portal = "sso";

    public Task<RegisteredClient> RegisterClientAsync(string clientName, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Oidc, "RegisterClient", () => inner.RegisterClientAsync(clientName, cancellationToken));

    public Task<DeviceAuthorization> StartDeviceAuthorizationAsync(RegisteredClient client, string startUrl, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Oidc, "StartDeviceAuthorization", () => inner.StartDeviceAuthorizationAsync(client, startUrl, cancellationToken));

    public Task<TokenPoll> CreateTokenAsync(RegisteredClient client, string deviceCode, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Oidc, "CreateToken", () => inner.CreateTokenAsync(client, deviceCode, cancellationToken));

    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Portal, "ListAccounts", () => inner.ListAccountsAsync(request, cancellationToken));

    public Task<ListAccountRolesResponse> ListAccountRolesAsync(ListAccountRolesRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Portal, "ListAccountRoles", () => inner.ListAccountRolesAsync(request, cancellationToken));

    public Task<AwsSigningCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Portal, "GetRoleCredentials", () => inner.GetRoleCredentialsAsync(accessToken, accountId, roleName, cancellationToken));
}
