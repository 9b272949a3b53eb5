namespace Portal.Server.Cloud;

/// <summary>
/// The identity a cloud call is made under: which account, in which region, as which role.
/// Reads use the portal's own read-only role; writes use the role the person switched to.
/// </summary>
public sealed record CloudCaller(string AccountId, string Region, string RoleName, string SessionName)
{
    /// <summary>
    /// The signed-in person's session whose role credentials sign this call (a write under their own
    /// role); null for the portal's own roles.
    /// </summary>
    public string? PersonSession { get; init; }

    public string PrincipalArn => $"arn:aws:sts::{AccountId}:assumed-role/{RoleName}/{SessionName}";

    public override string ToString() => $"{RoleName}@{AccountId} ({Region})";
}
