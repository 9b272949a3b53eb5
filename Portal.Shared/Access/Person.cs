namespace Portal.Shared.Access;

/// <summary>One role a person may take in one environment, as assigned in IAM Identity Center (e.g. prod/ReadOnly).</summary>
public sealed record RoleAssignment(string Environment, string Role);

/// <summary>A signed-in person and every role they may take. Environment and role names compare ignoring case.</summary>
public sealed record Person(string UserName, string DisplayName, IReadOnlyList<RoleAssignment> Assignments)
{
    /// <summary>The roles the person may take in the environment, in assignment order, each once.</summary>
    public IReadOnlyList<string> RolesIn(string environment) =>
        Assignments
            .Where(a => string.Equals(a.Environment, environment, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Role)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    public bool Holds(string environment, string role) =>
        Assignments.Any(a =>
            string.Equals(a.Environment, environment, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.Role, role, StringComparison.OrdinalIgnoreCase));
}
