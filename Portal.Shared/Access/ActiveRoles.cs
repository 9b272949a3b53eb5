namespace Portal.Shared.Access;

/// <summary>
/// The role a person has switched to in each environment, as in the AWS console's role switcher.
/// Immutable: <see cref="Switch"/> returns a new instance. An environment with no choice, or whose
/// chosen role the person no longer holds, uses the person's most capable role there.
/// </summary>
public sealed class ActiveRoles
{
    private readonly Dictionary<string, string> _chosen;

    private ActiveRoles(Dictionary<string, string> chosen) => _chosen = chosen;

    /// <summary>No role switched anywhere: every environment uses the default.</summary>
    public static ActiveRoles Empty { get; } = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Environment to the role switched to there, for keeping the choice between requests.</summary>
    public IReadOnlyDictionary<string, string> Chosen => _chosen;

    /// <summary>
    /// Restores choices kept earlier. They are not checked here: <see cref="RoleIn"/> ignores a
    /// choice the person no longer holds.
    /// </summary>
    public static ActiveRoles FromChosen(IEnumerable<KeyValuePair<string, string>> chosen)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (environment, role) in chosen)
        {
            if (!string.IsNullOrWhiteSpace(environment) && !string.IsNullOrWhiteSpace(role))
                copy[environment] = role;
        }
        return new ActiveRoles(copy);
    }

    /// <summary>Switches to <paramref name="role"/> in <paramref name="environment"/>.</summary>
    /// <exception cref="RoleNotHeldException">The person holds no such role in that environment.</exception>
    public ActiveRoles Switch(Person person, string environment, string role)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(role);

        // Keep the spelling of the assignment, so the switcher and the audit show the role as assigned.
        var held = person.RolesIn(environment).FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
            ?? throw new RoleNotHeldException(person.UserName, environment, role);

        var copy = new Dictionary<string, string>(_chosen, StringComparer.OrdinalIgnoreCase) { [environment] = held };
        return new ActiveRoles(copy);
    }

    /// <summary>The role the person acts in there: the one switched to if still held, else the most capable; null when they hold none.</summary>
    public string? RoleIn(Person person, string environment, RoleCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(environment);

        if (_chosen.TryGetValue(environment, out var chosen))
        {
            var held = person.RolesIn(environment).FirstOrDefault(r => string.Equals(r, chosen, StringComparison.OrdinalIgnoreCase));
            if (held is not null)
                return held;
        }
        return MostCapableRole(person, environment, capabilities);
    }

    /// <summary>
    /// The person's most capable role in the environment (see <see cref="Capability"/> for the
    /// ranking; equal roles by name), or null when they hold none there.
    /// </summary>
    public static string? MostCapableRole(Person person, string environment, RoleCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(capabilities);

        return person.RolesIn(environment)
            .OrderByDescending(r => (int)capabilities.CapabilitiesOf(r))
            .ThenBy(r => r, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault();
    }
}

/// <summary>A switch to a role the person was not assigned in that environment.</summary>
public sealed class RoleNotHeldException : InvalidOperationException
{
    public RoleNotHeldException(string userName, string environment, string role)
        : base($"{userName} holds no {role} role in {environment}.")
    {
        UserName = userName;
        Environment = environment;
        Role = role;
    }

    public string UserName { get; }

    public string Environment { get; }

    public string Role { get; }
}
