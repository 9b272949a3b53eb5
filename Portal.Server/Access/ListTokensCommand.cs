using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary><c>tokens list</c>: every token, revoked and expired ones too, as a table. Never a secret or a hash.</summary>
internal sealed class ListTokensCommand : ITokensSubcommand
{
    public const string Name = "list";

    private static readonly string[] Headings = ["NAME", "STATE", "EXPIRES", "LAST USED", "CREATED", "SCOPES"];

    public static ListTokensCommand Parse(IReadOnlyList<string> args)
    {
        TokenCommandLine.Parse(Name, args, single: [], repeatable: []);
        return new ListTokensCommand();
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var tokens = await services.GetRequiredService<ApiTokenStore>().ListAsync(cancellationToken);
        if (tokens.Count == 0)
        {
            await output.WriteLineAsync("No API tokens yet. Create one with: dotnet run --project Portal.Server -- tokens create --name ci --scope ...");
            return TokensCommand.Done;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var rows = tokens.Select(t => new[]
        {
            t.Name,
            State(t, now),
            UtcText.Of(t.ExpiresAt),
            t.LastUsedAt is { } used ? UtcText.Of(used) : "never",
            UtcText.Of(t.CreatedAt),
            TokenScopeText.Format(t.Scopes),
        }).ToList();

        var widths = Headings.Select((h, i) => rows.Max(r => r[i].Length) is var longest && longest > h.Length ? longest : h.Length).ToArray();
        foreach (var row in rows.Prepend(Headings))
        {
            // The last column is not padded, so lines carry no trailing spaces.
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        }

        return TokensCommand.Done;
    }

    private static string State(ApiToken token, DateTimeOffset now) => token.StateAt(now) switch
    {
        ApiTokenState.Revoked => "revoked",
        ApiTokenState.Expired => "expired",
        _ => "active",
    };
}
