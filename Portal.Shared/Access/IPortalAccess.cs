namespace Portal.Shared.Access;

/// <summary>
/// The signed-in person as the pages see them: who they are, the roles they hold in the
/// environments they can see, the role active in each, and what that allows. Every answer is
/// decided on the server; a page uses it to show or hide controls, and the server checks again
/// when the control is used.
/// </summary>
public interface IPortalAccess
{
    /// <summary>The signed-in person, or null for a machine token or no one.</summary>
    Person? Person { get; }

    /// <summary>Every (environment, role) the person holds in an environment they can see, in environment order.</summary>
    IReadOnlyList<RoleAssignment> Roles { get; }

    /// <summary>The role the person acts in there, or null where they hold none.</summary>
    Task<string?> ActiveRoleAsync(string environment, CancellationToken cancellationToken = default);

    /// <summary>Switches role in one environment and remembers it for the person. Refused (and audited) for a role they do not hold.</summary>
    Task<RoleSwitchResult> SwitchRoleAsync(string environment, string role, CancellationToken cancellationToken = default);

    /// <summary>What the policy says for the active role, without recording anything: for showing or hiding a control.</summary>
    Task<Decision> DecideAsync(PortalAction action, string environment, IReadOnlyDictionary<string, string>? serviceTags = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The check at a server entry point (an interactive handler, an endpoint): the same decision as
    /// <see cref="DecideAsync"/>, with a refusal recorded in the audit trail.
    /// </summary>
    Task<Decision> AuthorizeAsync(PortalAction action, string environment, string? service, IReadOnlyDictionary<string, string>? serviceTags, CancellationToken cancellationToken = default);

    /// <summary>Raised after a role switch, so the app bar and the page redraw.</summary>
    event Action? Changed;
}

/// <summary>How a role switch went; <see cref="Message"/> says why when it was refused.</summary>
public sealed record RoleSwitchResult(bool Switched, string? Message)
{
    public static RoleSwitchResult Done { get; } = new(true, null);

    public static RoleSwitchResult Refused(string message) => new(false, message);
}
