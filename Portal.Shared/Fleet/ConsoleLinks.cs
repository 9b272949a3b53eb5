using Portal.Shared.Environments;

namespace Portal.Shared.Fleet;

/// <summary>
/// Addresses of the AWS console pages of what the portal shows (an ECS service, a target group), opened in the
/// environment's account: through the console's role switch (signin's switchrole page, which assumes the person's
/// role in that account and then goes on to the page) when the portal knows the role the person acts in there,
/// else straight to the page (for someone already signed in to that account).
/// </summary>
/// <remarks>China regions have a console of their own (console.amazonaws.cn); <see cref="RoleSwitchLink"/> signs in there likewise.</remarks>
public static class ConsoleLinks
{
    /// <summary>The service's page in the ECS console (its health tab), in the environment's account and region.</summary>
    public static string Service(EnvironmentInfo environment, string cluster, string service, string? roleName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var page = $"https://{environment.Region}.{Console(environment.Region)}/ecs/v2/clusters/{Uri.EscapeDataString(cluster)}/services/{Uri.EscapeDataString(service)}/health?region={environment.Region}";
        return InAccount(environment, roleName, page);
    }

    /// <summary>The target group's page in the EC2 console (its Targets tab lists each target's health).</summary>
    public static string TargetGroup(EnvironmentInfo environment, string targetGroupArn, string? roleName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(targetGroupArn);
        var page = $"https://{environment.Region}.{Console(environment.Region)}/ec2/home?region={environment.Region}#TargetGroup:targetGroupArn={targetGroupArn}";
        return InAccount(environment, roleName, page);
    }

    /// <summary>
    /// The switchrole page for the role in the environment's account, named and coloured as the portal shows the
    /// environment, going on to <paramref name="destination"/>; the destination itself without a role.
    /// </summary>
    public static string InAccount(EnvironmentInfo environment, string? roleName, string destination)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(destination);
        if (string.IsNullOrWhiteSpace(roleName))
        {
            return destination;
        }

        return RoleSwitchLink.To(environment.AccountId, environment.Region, destination, roleName, $"{roleName} @ {environment.Name}", Colour(environment.Colour));
    }

    private static string Console(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "console.amazonaws.cn" : "console.aws.amazon.com";

    /// <summary>The role switcher's own colours, nearest to the environment's.</summary>
    private static string Colour(EnvironmentColour colour) => colour switch
    {
        EnvironmentColour.Green => "B7CA9D",
        EnvironmentColour.Amber => "FAD791",
        EnvironmentColour.Red => "F2B0A9",
        _ => "99BCE3",
    };
}
