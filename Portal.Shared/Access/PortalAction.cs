namespace Portal.Shared.Access;

/// <summary>Everything the portal guards. Each is decided for one environment (and one service, where it acts on one).</summary>
public enum PortalAction
{
    ViewEnvironment,
    ViewService,
    ViewCosts,
    Deploy,
    Rollback,

    /// <summary>The plain-language button that puts the newest build of a publishable service live.</summary>
    Publish,
    AcknowledgeAlert,
    ManageTokens,
    ManageFreezeWindows,
    ViewAudit,
    RunDoctor,
}

/// <summary>What an action needs: any one of the capabilities in <see cref="AnyOf"/>, and perhaps a publishable service.</summary>
public sealed record ActionRequirement(Capability AnyOf, bool ServiceMustBePublishable)
{
    public bool IsSatisfiedBy(Capability granted) => (granted & AnyOf) != Capability.None;
}

public static class PortalActions
{
    private static readonly ActionRequirement Viewing = new(Capability.View, ServiceMustBePublishable: false);
    private static readonly ActionRequirement Deploying = new(Capability.Deploy, ServiceMustBePublishable: false);
    private static readonly ActionRequirement Publishing = new(Capability.Publish | Capability.Deploy, ServiceMustBePublishable: true);
    private static readonly ActionRequirement Administering = new(Capability.Administer, ServiceMustBePublishable: false);

    public static ActionRequirement Requirement(PortalAction action) => action switch
    {
        PortalAction.ViewEnvironment or PortalAction.ViewService or PortalAction.ViewCosts => Viewing,

        // Acknowledging changes only the portal's own record of who is looking, never the cloud,
        // and the on-call engineers who do it usually hold a read-only role.
        PortalAction.AcknowledgeAlert => Viewing,
        PortalAction.Deploy or PortalAction.Rollback => Deploying,

        // Whoever may deploy a service may also publish it; publishing alone is limited to the tagged sites.
        PortalAction.Publish => Publishing,
        PortalAction.ManageTokens or PortalAction.ManageFreezeWindows or PortalAction.ViewAudit or PortalAction.RunDoctor => Administering,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown portal action."),
    };
}
