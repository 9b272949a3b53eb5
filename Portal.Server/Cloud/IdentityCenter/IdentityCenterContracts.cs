using System.Globalization;
using System.Text;

namespace Portal.Server.Cloud.IdentityCenter;

/// <summary>The portal's registration as an OIDC client of Identity Center. The secret never appears in <see cref="object.ToString"/>.</summary>
public sealed record RegisteredClient(string ClientId, string ClientSecret, DateTimeOffset ExpiresAt)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ClientId = ").Append(ClientId)
            .Append(", ClientSecret = ***, ExpiresAt = ").Append(ExpiresAt.ToString("O", CultureInfo.InvariantCulture));
        return true;
    }
}

/// <summary>
/// A started device authorization: the person confirms <see cref="UserCode"/> at
/// <see cref="VerificationUri"/> (or opens <see cref="VerificationUriComplete"/>, which carries the
/// code) while the portal polls with <see cref="DeviceCode"/> every <see cref="Interval"/> until
/// <see cref="ExpiresIn"/> has passed.
/// </summary>
public sealed record DeviceAuthorization(
    string DeviceCode,
    string UserCode,
    string VerificationUri,
    string VerificationUriComplete,
    TimeSpan ExpiresIn,
    TimeSpan Interval)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("DeviceCode = ***, UserCode = ").Append(UserCode)
            .Append(", VerificationUri = ").Append(VerificationUri)
            .Append(", ExpiresIn = ").Append(ExpiresIn)
            .Append(", Interval = ").Append(Interval);
        return true;
    }
}

/// <summary>
/// What one CreateToken poll of a device authorization answered. The device flow's expected answers
/// are values, so the polling loop reads as a switch rather than a chain of catch blocks; errors that
/// end the flow for other reasons (unreachable service, rejected client) stay exceptions.
/// </summary>
public abstract record TokenPoll
{
    private TokenPoll()
    {
    }

    /// <summary>The person approved: a bearer token for the SSO portal API, valid until <see cref="ExpiresAt"/>.</summary>
    public sealed record Issued(string AccessToken, DateTimeOffset ExpiresAt) : TokenPoll
    {
        protected override bool PrintMembers(StringBuilder builder)
        {
            builder.Append("AccessToken = ***, ExpiresAt = ").Append(ExpiresAt.ToString("O", CultureInfo.InvariantCulture));
            return true;
        }
    }

    /// <summary>authorization_pending: the person has not answered yet; poll again after the interval.</summary>
    public sealed record Pending : TokenPoll;

    /// <summary>slow_down: polling too often; poll again after the interval plus five seconds.</summary>
    public sealed record SlowDown : TokenPoll;

    /// <summary>access_denied: the person declined the request.</summary>
    public sealed record Denied(string Reason) : TokenPoll;

    /// <summary>expired_token (or a grant no longer valid): the device code has expired; the flow must start again.</summary>
    public sealed record Expired(string Reason) : TokenPoll;
}

public sealed record ListAccountsRequest(string AccessToken, string? NextToken = null, int? MaxResults = null)
{
    public override string ToString() => $"ListAccountsRequest {{ AccessToken = ***, NextToken = {NextToken}, MaxResults = {MaxResults} }}";
}

public sealed record ListAccountsResponse(IReadOnlyList<IdentityCenterAccount> Accounts, string? NextToken);

/// <summary>An AWS account the person is assigned to, with its display name in Identity Center.</summary>
public sealed record IdentityCenterAccount(string AccountId, string AccountName);

public sealed record ListAccountRolesRequest(string AccessToken, string AccountId, string? NextToken = null, int? MaxResults = null)
{
    public override string ToString() => $"ListAccountRolesRequest {{ AccessToken = ***, AccountId = {AccountId}, NextToken = {NextToken}, MaxResults = {MaxResults} }}";
}

public sealed record ListAccountRolesResponse(IReadOnlyList<string> RoleNames, string? NextToken);

/// <summary>
/// The Identity Center client registration is no longer accepted (InvalidClientException,
/// UnauthorizedClientException): register again.
/// </summary>
public sealed class IdentityCenterClientRejectedException(string operation, string message)
    : CloudException("sso-oidc", operation, message)
{
    public override string Outcome => "invalid-client";
}
