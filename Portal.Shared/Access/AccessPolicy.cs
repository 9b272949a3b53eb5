namespace Portal.Shared.Access;

/// <summary>
/// The answer to "may this person do this here". <see cref="IsInvisible"/> means the environment
/// does not exist for the person: answer as for something that is not there (404), and say nothing more.
/// A refusal's <see cref="Reason"/> is a sentence for the person; <see cref="NeededRole"/> is the
/// role that would allow it (one they hold where there is one), or null when no role would.
/// </summary>
public sealed record Decision(bool Allowed, string? Reason, string? NeededRole)
{
    public bool IsInvisible { get; private init; }

    public static Decision Allow { get; } = new(true, null, null);

    public static Decision Invisible { get; } = new(false, null, null) { IsInvisible = true };

    public static Decision Refuse(string reason, string? neededRole) => new(false, reason, neededRole);
}

/// <summary>Who may do what, where. Pure: everything it needs is passed in.</summary>
/// <remarks>
/// An environment is visible to a person when any role they hold there grants View; otherwise it is
/// invisible everywhere, whatever the action. Within a visible environment only the active role
/// counts, as with the credentials of a switched-to AWS role. Portal-wide actions (tokens, freeze
/// windows, audit, doctor) are decided for the environment whose role governs them, such as ops.
/// </remarks>
public static class AccessPolicy
{
    public static Decision Decide(
        Person person,
        ActiveRoles active,
        PortalAction action,
        string environment,
        IReadOnlyDictionary<string, string>? serviceTags,
        RoleCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(capabilities);

        if (!CanSee(person, environment, capabilities))
            return Decision.Invisible;

        var requirement = PortalActions.Requirement(action);
        if (requirement.ServiceMustBePublishable && !capabilities.IsPublishable(serviceTags))
        {
            return Decision.Refuse(
                $"Only services tagged {capabilities.PublishTagKey}={capabilities.PublishTagValue} can be published; this one is not.",
                neededRole: null);
        }

        var activeRole = active.RoleIn(person, environment, capabilities);
        if (requirement.IsSatisfiedBy(capabilities.CapabilitiesOf(activeRole)))
            return Decision.Allow;

        var doing = Doing(action, environment);
        var allowed = RolesAllowedTo(action, capabilities);
        if (allowed.Count == 0)
            return Decision.Refuse($"{doing} is not granted to any role in the portal's configuration.", neededRole: null);

        var needs = $"{doing} needs the {OneOf(allowed)} role";
        var held = allowed.FirstOrDefault(r => person.Holds(environment, r));
        return held is not null
            ? Decision.Refuse($"{needs}; you are {activeRole} there. Switch role to {held}.", held)
            : Decision.Refuse($"{needs}; you hold no such role in {environment} — ask an administrator.", allowed[0]);
    }

    /// <summary>The environments, in the order given, in which the person holds a role that grants View.</summary>
    public static IReadOnlyList<string> VisibleEnvironments(Person person, IEnumerable<string> environments, RoleCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(environments);
        ArgumentNullException.ThrowIfNull(capabilities);

        return environments.Where(e => CanSee(person, e, capabilities)).ToList();
    }

    /// <summary>The configured roles that grant every flag in <paramref name="capability"/>, least capable first.</summary>
    public static IReadOnlyList<string> RolesGranting(Capability capability, RoleCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        return Ranked(capabilities, granted => (granted & capability) == capability);
    }

    /// <summary>The configured roles whose holder may do <paramref name="action"/>, least capable first.</summary>
    public static IReadOnlyList<string> RolesAllowedTo(PortalAction action, RoleCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        var requirement = PortalActions.Requirement(action);
        return Ranked(capabilities, requirement.IsSatisfiedBy);
    }

    private static bool CanSee(Person person, string environment, RoleCapabilities capabilities) =>
        person.RolesIn(environment).Any(r => capabilities.CapabilitiesOf(r).HasFlag(Capability.View));

    private static List<string> Ranked(RoleCapabilities capabilities, Func<Capability, bool> include) =>
        (capabilities.Roles ?? [])
            .Where(r => !string.IsNullOrWhiteSpace(r.Key) && r.Value != Capability.None && include(r.Value))
            .OrderBy(r => (int)r.Value)
            .ThenBy(r => r.Key, StringComparer.OrdinalIgnoreCase)
            .Select(r => r.Key)
            .ToList();

    private static string OneOf(IReadOnlyList<string> roles) =>
        roles.Count == 1 ? roles[0] : $"{string.Join(", ", roles.Take(roles.Count - 1))} or {roles[^1]}";

    private static string Doing(PortalAction action, string environment) => action switch
    {
        PortalAction.ViewEnvironment => $"Viewing {environment}",
        PortalAction.ViewService => $"Viewing services in {environment}",
        PortalAction.ViewCosts => $"Viewing costs in {environment}",
        PortalAction.Deploy => $"Deploying in {environment}",
        PortalAction.Rollback => $"Rolling back in {environment}",
        PortalAction.Publish => $"Publishing in {environment}",
        PortalAction.AcknowledgeAlert => $"Acknowledging alerts in {environment}",
        PortalAction.ManageTokens => $"Managing API tokens in {environment}",
        PortalAction.ManageFreezeWindows => $"Managing freeze windows in {environment}",
        PortalAction.ViewAudit => $"Viewing the audit log in {environment}",
        PortalAction.RunDoctor => $"Running the environment doctor in {environment}",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown portal action."),
    };
}
