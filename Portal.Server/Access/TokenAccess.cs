using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// What an API token may do, where. Pure, like <see cref="AccessPolicy"/>, and answering in the same
/// <see cref="Decision"/>s: an environment outside the token's scope does not exist for it, and a
/// refusal names the scope a new token would need. <see cref="Decision.NeededRole"/> is always null:
/// tokens hold scopes, not roles.
/// </summary>
/// <remarks>
/// Environments compare ignoring case, as they do for people (<see cref="Person.RolesIn"/>); services
/// and actions compare exactly, as ECS service names and <see cref="TokenActions"/> are case-sensitive.
/// </remarks>
public static class TokenAccess
{
    /// <summary>Whether the token may do <paramref name="action"/> in the environment (to the service, when it acts on one).</summary>
    public static Decision Decide(TokenScopes scopes, PortalAction action, string environment, string? service)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(environment);

        if (!CanSee(scopes, environment))
            return Decision.Invisible;

        var tokenAction = TokenActions.For(action);
        return tokenAction is null
            ? Decision.Refuse($"API tokens may not {PeopleOnly(action)}; that is left to a person signed in with a role that allows it.", neededRole: null)
            : Covered(scopes, tokenAction, Verb(action), service);
    }

    /// <summary>
    /// Whether the token may do a token action that has no <see cref="PortalAction"/> of its own, such as
    /// <see cref="TokenActions.AnnounceBuild"/>, in the environment (for the service, when there is one).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="tokenAction"/> is not one of <see cref="TokenActions.All"/>.</exception>
    public static Decision Decide(TokenScopes scopes, string tokenAction, string environment, string? service)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(environment);
        if (tokenAction is null || !TokenActions.IsKnown(tokenAction))
            throw new ArgumentException($"'{tokenAction}' is not a token action; use one of {string.Join(", ", TokenActions.All)}.", nameof(tokenAction));

        if (!CanSee(scopes, environment))
            return Decision.Invisible;

        return Covered(scopes, tokenAction, Verb(tokenAction), service);
    }

    /// <summary>Whether the environment exists for the token at all.</summary>
    public static bool CanSee(TokenScopes scopes, string environment)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(environment);
        return Matches(scopes.Environments, environment, StringComparison.OrdinalIgnoreCase);
    }

    private static Decision Covered(TokenScopes scopes, string tokenAction, string verb, string? service)
    {
        if (!Matches(scopes.Actions, tokenAction, StringComparison.Ordinal))
        {
            return Decision.Refuse(
                $"This token may not {verb}: {Listing("actions", scopes.Actions)}. Create a token with the {tokenAction} action.",
                neededRole: null);
        }

        if (service is not null && !Matches(scopes.Services, service, StringComparison.Ordinal))
        {
            return Decision.Refuse(
                $"This token may not touch {service}: {Listing("services", scopes.Services)}. Create a token whose services include {service}.",
                neededRole: null);
        }

        return Decision.Allow;
    }

    private static bool Matches(IReadOnlyList<string> allowed, string value, StringComparison comparison) =>
        allowed.Any(a => a == TokenScopes.Any || string.Equals(a, value, comparison));

    private static string Listing(string kind, IReadOnlyList<string> values) =>
        values.Count == 0 ? $"it has no {kind}" : $"its {kind} are {string.Join(", ", values)}";

    private static string Verb(PortalAction action) => action switch
    {
        PortalAction.ViewEnvironment or PortalAction.ViewService => "view",
        PortalAction.ViewCosts => "view costs",
        PortalAction.Deploy => "deploy",
        PortalAction.Rollback => "roll back",
        PortalAction.Publish => "publish",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an action tokens may be granted."),
    };

    private static string Verb(string tokenAction) => tokenAction switch
    {
        TokenActions.AnnounceBuild => "announce builds",
        TokenActions.Deploy => "deploy",
        _ => "view",
    };

    private static string PeopleOnly(PortalAction action) => action switch
    {
        PortalAction.AcknowledgeAlert => "acknowledge alerts",
        PortalAction.ManageTokens => "manage API tokens",
        PortalAction.ManageFreezeWindows => "manage freeze windows",
        PortalAction.ViewAudit => "view the audit log",
        PortalAction.RunDoctor => "run the environment doctor",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an action kept from tokens."),
    };
}
