using Portal.Shared.Access;

namespace Portal.Client.Tests.Support;

/// <summary>
/// The signed-in person for component tests: the real access policy and role rules over a person
/// and role choices held in memory, where the server keeps them in the session and the database.
/// </summary>
public sealed class InMemoryPortalAccess(Person? person, IReadOnlyList<string> environments) : IPortalAccess
{
    private readonly RoleCapabilities _capabilities = RoleCapabilities.Default;
    private ActiveRoles _active = ActiveRoles.Empty;

    public event Action? Changed;

    public Person? Person { get; } = person;

    public List<(PortalAction Action, string Environment)> Authorized { get; } = [];

    public IReadOnlyList<RoleAssignment> Roles =>
        Person is null ? [] : environments.SelectMany(e => Person.RolesIn(e).Select(r => new RoleAssignment(e, r))).ToList();

    public Task<string?> ActiveRoleAsync(string environment, CancellationToken cancellationToken = default) =>
        Task.FromResult(Person is null ? null : _active.RoleIn(Person, environment, _capabilities));

    public Task<RoleSwitchResult> SwitchRoleAsync(string environment, string role, CancellationToken cancellationToken = default)
    {
        if (Person is null)
        {
            return Task.FromResult(RoleSwitchResult.Refused("Sign in to switch roles."));
        }

        try
        {
            _active = _active.Switch(Person, environment, role);
        }
        catch (RoleNotHeldException error)
        {
            return Task.FromResult(RoleSwitchResult.Refused(error.Message));
        }

        Changed?.Invoke();
        return Task.FromResult(RoleSwitchResult.Done);
    }

    public Task<Decision> DecideAsync(PortalAction action, string environment, IReadOnlyDictionary<string, string>? serviceTags = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Person is null ? Decision.Invisible : AccessPolicy.Decide(Person, _active, action, environment, serviceTags, _capabilities));

    public Task<Decision> AuthorizeAsync(PortalAction action, string environment, string? service, IReadOnlyDictionary<string, string>? serviceTags, CancellationToken cancellationToken = default)
    {
        Authorized.Add((action, environment));
        return DecideAsync(action, environment, serviceTags, cancellationToken);
    }

    public static Person Alice { get; } = new("alice", "Alice Moreau",
    [
        new("ops", "Administrator"), new("dev", "Administrator"), new("stage", "Administrator"), new("prod", "Administrator"), new("prod", "ReadOnly"),
    ]);

    public static Person Oscar { get; } = new("oscar", "Oscar Reyes", [new("dev", "ReadOnly"), new("stage", "ReadOnly"), new("prod", "ReadOnly")]);
}
