using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// The rules a new token's scopes follow however they are asked for (the <c>tokens</c> command,
/// Admin › API tokens); each surface words its own messages around them.
/// </summary>
internal static class TokenScopeRules
{
    /// <summary>The first value holding whitespace: scope values are names, so a space means two ran together.</summary>
    public static string? FirstSpaced(IEnumerable<string> values) => values.FirstOrDefault(v => v.Any(char.IsWhiteSpace));

    /// <summary>The first action that is neither one of <see cref="TokenActions.All"/> nor <c>*</c>.</summary>
    public static string? FirstUnknownAction(IEnumerable<string> actions) =>
        actions.FirstOrDefault(a => a != TokenScopes.Any && !TokenActions.IsKnown(a));

    /// <summary>
    /// The scopes with each value once, in the order given, and <c>*</c> alone where it is among a
    /// list's values, since it covers the rest. Environments compare ignoring case, as access does.
    /// </summary>
    public static TokenScopes Tidy(IEnumerable<string> environments, IEnumerable<string> services, IEnumerable<string> actions) =>
        new(
            Tidy(environments, StringComparer.OrdinalIgnoreCase),
            Tidy(services, StringComparer.Ordinal),
            Tidy(actions, StringComparer.Ordinal));

    private static IEnumerable<string> Tidy(IEnumerable<string> values, StringComparer comparer)
    {
        var list = values.ToList();
        return list.Contains(TokenScopes.Any, StringComparer.Ordinal) ? [TokenScopes.Any] : list.Distinct(comparer);
    }
}
