namespace Portal.Shared.Access;

/// <summary>
/// What an API token may be allowed to do, as written in its <c>actions</c> scope. Coarser than
/// <see cref="PortalAction"/> on purpose: a CI job either looks, announces builds or deploys.
/// </summary>
public static class TokenActions
{
    public const string View = "view";
    public const string AnnounceBuild = "announce-build";
    public const string Deploy = "deploy";

    public static IReadOnlyList<string> All { get; } = [View, AnnounceBuild, Deploy];

    public static bool IsKnown(string action) => All.Contains(action, StringComparer.Ordinal);

    /// <summary>
    /// The token action that covers a portal action, or null when no token may ever do it.
    /// Administering the portal (tokens, freeze windows, audit, doctor) stays with people, so a
    /// leaked CI secret cannot mint itself new tokens or lift a freeze; acknowledging an alert
    /// records who is looking, which a machine is not.
    /// </summary>
    public static string? For(PortalAction action) => action switch
    {
        PortalAction.ViewEnvironment or PortalAction.ViewService or PortalAction.ViewCosts => View,
        PortalAction.Deploy or PortalAction.Rollback or PortalAction.Publish => Deploy,
        PortalAction.AcknowledgeAlert
            or PortalAction.ManageTokens
            or PortalAction.ManageFreezeWindows
            or PortalAction.ViewAudit
            or PortalAction.RunDoctor => null,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown portal action."),
    };
}
