namespace Portal.Shared.Fleet;

/// <summary>
/// The AWS console's role-switch page (signin's switchrole) for an account, which assumes the role there and then
/// goes on to a console page: the one way every console link of the portal opens in an environment's account.
/// </summary>
/// <remarks>China regions sign in on a host of their own (signin.amazonaws.cn), where switching roles works the same way.</remarks>
public static class RoleSwitchLink
{
    /// <summary>
    /// The switchrole address for <paramref name="accountId"/>, going on to <paramref name="destination"/>. Without a
    /// role name the page asks the person for it; the display name and colour are what the console's bar shows.
    /// </summary>
    public static string To(string accountId, string region, string destination, string? roleName = null, string? displayName = null, string? colour = null)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(destination);
        var query = new List<string>(5);
        if (!string.IsNullOrWhiteSpace(roleName))
        {
            query.Add("roleName=" + Uri.EscapeDataString(roleName));
        }

        query.Add("account=" + Uri.EscapeDataString(accountId));
        if (!string.IsNullOrWhiteSpace(displayName))
        {
            query.Add("displayName=" + Uri.EscapeDataString(displayName));
        }

        if (!string.IsNullOrWhiteSpace(colour))
        {
            query.Add("color=" + colour);
        }

        query.Add("redirect_uri=" + Uri.EscapeDataString(destination));
        var signIn = region.StartsWith("cn-", StringComparison.Ordinal) ? "signin.amazonaws.cn" : "signin.aws.amazon.com";
        return $"https://{signIn}/switchrole?{string.Join('&', query)}";
    }
}
