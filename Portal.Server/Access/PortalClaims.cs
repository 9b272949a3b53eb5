namespace Portal.Server.Access;

/// <summary>The claim types the portal issues, beyond the standard ones (such as <see cref="System.Security.Claims.ClaimTypes.Name"/>).</summary>
public static class PortalClaims
{
    /// <summary>The id of the API token a machine caller presented.</summary>
    public const string TokenId = "portal:token-id";

    /// <summary>The API token's name, as created (the audit trail names the caller <c>token:&lt;name&gt;</c>).</summary>
    public const string TokenName = "portal:token-name";

    /// <summary>One environment the token may touch, or <c>*</c>; one claim per value.</summary>
    public const string TokenEnvironment = "portal:token-environment";

    /// <summary>One service the token may touch, or <c>*</c>; one claim per value.</summary>
    public const string TokenService = "portal:token-service";

    /// <summary>One of <see cref="Portal.Shared.Access.TokenActions"/> the token may do, or <c>*</c>; one claim per value.</summary>
    public const string TokenAction = "portal:token-action";
}
