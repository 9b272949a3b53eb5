using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>A token asked for on Admin › API tokens, tidied, with every problem that stops it being created.</summary>
internal sealed record CheckedTokenRequest(string Name, TokenScopes Scopes, DateTimeOffset ExpiresAt, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Checks a token asked for on Admin › API tokens by the rules the <c>tokens</c> command follows
/// (<see cref="ApiTokenStore.NameRule"/>, <see cref="TokenScopeRules"/>, <see cref="TokenExpiry.Longest"/>),
/// naming the field to fix in each problem, since the person sees a form rather than options.
/// Environments must also be ones the person can see: a form offers no others, and a person
/// should not mint a token for an environment hidden from them.
/// </summary>
internal static class ApiTokenRequestCheck
{
    public static CheckedTokenRequest Check(ApiTokenRequest request, IReadOnlyList<string> visibleEnvironments, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();

        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            problems.Add("Name: give the token a name that says who uses it, such as ci-deploy.");
        }
        else if (!ApiTokenStore.IsValidName(name))
        {
            problems.Add($"Name '{name}' cannot be used: {ApiTokenStore.NameRule}");
        }

        var environments = Environments(Values(request.Environments), visibleEnvironments, problems);

        var services = Values(request.Services);
        if (services.Count == 0)
        {
            problems.Add("Services: name at least one service, or * for any.");
        }
        else if (TokenScopeRules.FirstSpaced(services) is { } spaced)
        {
            problems.Add($"Services: '{spaced}' contains a space; separate services with commas.");
        }

        var actions = Values(request.Actions);
        if (actions.Count == 0)
        {
            problems.Add($"Actions: pick at least one of {string.Join(", ", TokenActions.All)}.");
        }
        else if (TokenScopeRules.FirstUnknownAction(actions) is { } unknown)
        {
            problems.Add($"Actions: '{unknown}' is not a token action; use {string.Join(", ", TokenActions.All)} or *.");
        }

        if (request.ExpiresAt <= now)
        {
            problems.Add($"Expiry: {UtcText.Of(request.ExpiresAt)} is not in the future; a new token must expire later than now.");
        }
        else if (request.ExpiresAt - now > TokenExpiry.Longest)
        {
            problems.Add($"Expiry: {UtcText.Of(request.ExpiresAt)} is too far ahead; a token may live at most {TokenExpiry.Longest.TotalDays:0} days.");
        }

        return new CheckedTokenRequest(name, TokenScopeRules.Tidy(environments, services, actions), request.ExpiresAt.ToUniversalTime(), problems);
    }

    /// <summary>The environments in the fleet's spelling; <c>*</c> as it is.</summary>
    private static List<string> Environments(List<string> asked, IReadOnlyList<string> visible, List<string> problems)
    {
        if (asked.Count == 0)
        {
            problems.Add("Environments: pick at least one environment, or all environments.");
            return asked;
        }

        var known = new List<string>();
        var unknown = new List<string>();
        foreach (var environment in asked)
        {
            var match = environment == TokenScopes.Any
                ? TokenScopes.Any
                : visible.FirstOrDefault(v => string.Equals(v, environment, StringComparison.OrdinalIgnoreCase));
            (match is null ? unknown : known).Add(match ?? environment);
        }

        if (unknown.Count > 0)
        {
            problems.Add(
                $"Environments: {string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is not an environment" : "are not environments")} you can see; "
                + $"pick among {string.Join(", ", visible)}, or all environments.");
        }

        return known;
    }

    private static List<string> Values(IReadOnlyList<string>? values) =>
        (values ?? []).Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).ToList();
}
