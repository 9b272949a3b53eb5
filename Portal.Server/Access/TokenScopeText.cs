using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// Token scopes as people write them on the command line (<c>--scope environments=dev,stage</c>,
/// once per key) and as the audit trail and <c>tokens list</c> show them.
/// </summary>
internal static class TokenScopeText
{
    public const string Environments = "environments";
    public const string Services = "services";
    public const string Actions = "actions";

    private static readonly string[] Keys = [Environments, Services, Actions];

    /// <summary>
    /// Scopes from <c>key=value,value</c> texts. Every key must be given: a token that forgot its
    /// services would touch none, which is never what its creator meant.
    /// </summary>
    /// <exception cref="TokenCommandException">A key is unknown or missing, a list is empty, or an action is unknown.</exception>
    public static TokenScopes Parse(IEnumerable<string> scopes)
    {
        var lists = Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            var equals = scope.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? scope : scope[..equals].Trim();
            if (equals < 0 || !lists.TryGetValue(key, out var list))
            {
                throw new TokenCommandException(
                    $"--scope {scope} is not understood; write --scope KEY=VALUE,VALUE where KEY is {string.Join(", ", Keys)}.", showUsage: true);
            }

            var values = scope[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (values.Length == 0)
            {
                throw new TokenCommandException($"--scope {key}= lists nothing; list the {key} the token may use, or * for any.");
            }

            if (TokenScopeRules.FirstSpaced(values) is { } spaced)
            {
                throw new TokenCommandException($"--scope {key}: '{spaced}' contains a space; separate values with commas only.");
            }

            list.AddRange(values);
        }

        if (Keys.FirstOrDefault(k => lists[k].Count == 0) is { } missing)
        {
            throw new TokenCommandException(
                $"--scope {missing}=... is missing; every token needs {string.Join(", ", Keys)} (use * for any), for example --scope {missing}={Example(missing)}.");
        }

        if (TokenScopeRules.FirstUnknownAction(lists[Actions]) is { } unknown)
        {
            throw new TokenCommandException(
                $"--scope actions: '{unknown}' is not a token action; use {string.Join(", ", TokenActions.All)} or *.");
        }

        return TokenScopeRules.Tidy(lists[Environments], lists[Services], lists[Actions]);
    }

    /// <summary>The scopes as one line: <c>environments=dev,stage services=* actions=deploy</c>.</summary>
    public static string Format(TokenScopes scopes) =>
        $"{Environments}={Join(scopes.Environments)} {Services}={Join(scopes.Services)} {Actions}={Join(scopes.Actions)}";

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(',', values);

    private static string Example(string key) => key switch
    {
        Environments => "dev,stage",
        Services => "*",
        _ => $"{TokenActions.AnnounceBuild},{TokenActions.Deploy}",
    };
}
