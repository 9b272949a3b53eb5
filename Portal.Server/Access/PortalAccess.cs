using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// The caller's roles and what they allow, for one request or live connection. Role choices are
/// read once per connection and written through on a switch; every refusal that reaches the
/// server (<see cref="AuthorizeAsync"/>, a switch to a role not held) is audited.
/// </summary>
public sealed class PortalAccess(
    CurrentCaller caller,
    FleetView fleet,
    RoleCapabilities capabilities,
    RoleChoiceStore choices,
    AuditLog audit) : IPortalAccess
{
    private ActiveRoles? _active;

    public event Action? Changed;

    public Person? Person => caller.Person;

    public IReadOnlyList<RoleAssignment> Roles =>
        caller.Person is not { } person
            ? []
            : fleet.Environments
                .Where(e => caller.CanSee(e.Name))
                .SelectMany(e => person.RolesIn(e.Name).Select(role => new RoleAssignment(e.Name, role)))
                .ToList();

    public async Task<string?> ActiveRoleAsync(string environment, CancellationToken cancellationToken = default) =>
        caller.Person is { } person && caller.CanSee(environment)
            ? (await ActiveAsync(person, cancellationToken)).RoleIn(person, environment, capabilities)
            : null;

    public async Task<RoleSwitchResult> SwitchRoleAsync(string environment, string role, CancellationToken cancellationToken = default)
    {
        if (caller.Person is not { } person)
        {
            return RoleSwitchResult.Refused("Sign in to switch roles.");
        }

        ActiveRoles switched;
        try
        {
            switched = caller.CanSee(environment)
                ? (await ActiveAsync(person, cancellationToken)).Switch(person, environment, role)
                : throw new RoleNotHeldException(person.UserName, environment, role);
        }
        catch (RoleNotHeldException refused)
        {
            await RecordAsync(AuditActions.AccessRefused, environment, role, refused.Message, cancellationToken);
            return RoleSwitchResult.Refused($"You hold no {role} role in {environment}. Pick one of the roles in the menu.");
        }

        var held = switched.Chosen[environment];
        await choices.SetAsync(person.UserName, environment, held, cancellationToken);
        _active = switched;
        await RecordAsync(AuditActions.RoleSwitch, environment, held, detail: null, cancellationToken);
        Changed?.Invoke();
        return RoleSwitchResult.Done;
    }

    public Task<Decision> DecideAsync(
        PortalAction action, string environment, IReadOnlyDictionary<string, string>? serviceTags = null, CancellationToken cancellationToken = default) =>
        DecideAsync(action, environment, service: null, serviceTags, cancellationToken);

    /// <summary>
    /// The check at a server entry point: the same decision as <see cref="DecideAsync"/>, with a
    /// refusal recorded in the audit trail (who, what, where, and the reason given).
    /// </summary>
    public async Task<Decision> AuthorizeAsync(
        PortalAction action, string environment, string? service, IReadOnlyDictionary<string, string>? serviceTags, CancellationToken cancellationToken = default)
    {
        var decision = await DecideAsync(action, environment, service, serviceTags, cancellationToken);
        if (!decision.Allowed)
        {
            var detail = decision.IsInvisible ? $"{action}: no role in {environment}" : $"{action}: {decision.Reason}";
            await RecordAsync(AuditActions.AccessRefused, environment, service, detail, cancellationToken);
        }

        return decision;
    }

    private async Task<Decision> DecideAsync(
        PortalAction action, string environment, string? service, IReadOnlyDictionary<string, string>? serviceTags, CancellationToken cancellationToken)
    {
        if (caller.Person is { } person)
        {
            return AccessPolicy.Decide(person, await ActiveAsync(person, cancellationToken), action, environment, serviceTags, capabilities);
        }

        return caller.Token is { } token ? TokenAccess.Decide(token.Scopes, action, environment, service) : Decision.Invisible;
    }

    private async Task<ActiveRoles> ActiveAsync(Person person, CancellationToken cancellationToken) =>
        _active ??= ActiveRoles.FromChosen(await choices.GetAllAsync(person.UserName, cancellationToken));

    private Task RecordAsync(string action, string? environment, string? target, string? detail, CancellationToken cancellationToken) =>
        audit.RecordAsync(
            new AuditEntry
            {
                Actor = caller.AuditName,
                Action = action,
                Environment = environment,
                Target = target,
                Detail = detail,
                RemoteAddress = caller.RemoteAddress,
            },
            cancellationToken);
}
