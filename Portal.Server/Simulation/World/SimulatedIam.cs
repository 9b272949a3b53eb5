using Portal.Server.Cloud;

namespace Portal.Server.Simulation.World;

/// <summary>
/// Answers as IAM would: a role may perform an action only when one of its allowed action patterns
/// ("ecs:Describe*", "*") matches; otherwise the call fails with AWS's AccessDenied wording.
/// </summary>
internal sealed class SimulatedIam(IReadOnlyDictionary<string, List<string>> roles)
{
    public void Authorize(CloudCaller caller, string service, string operation, string resourceArn)
    {
        var action = $"{service}:{operation}";
        if (roles.TryGetValue(caller.RoleName, out var allowed) && allowed.Any(pattern => Matches(pattern, action)))
        {
            return;
        }

        throw new CloudAccessDeniedException(service, operation,
            $"User: {caller.PrincipalArn} is not authorized to perform: {action} on resource: {resourceArn} " +
            $"because no identity-based policy allows the {action} action");
    }

    private static bool Matches(string pattern, string action) =>
        pattern.EndsWith('*')
            ? action.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, action, StringComparison.OrdinalIgnoreCase);
}
