using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary><c>tokens revoke</c>: refuses a token from now on, for good, and audits it.</summary>
internal sealed class RevokeTokenCommand(string tokenName) : ITokensSubcommand
{
    public const string Name = "revoke";

    public static RevokeTokenCommand Parse(IReadOnlyList<string> args)
    {
        var line = TokenCommandLine.Parse(Name, args, single: ["--name"], repeatable: []);
        return new RevokeTokenCommand(line.Required("--name", "ci"));
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var tokens = services.GetRequiredService<ApiTokenStore>();
        var token = await tokens.FindByNameAsync(tokenName, cancellationToken)
            ?? throw new TokenCommandException($"No API token is named '{tokenName}'; `tokens list` shows every token's name.");

        // Revoking twice is what the caller wanted already; it says so and leaves the first revocation's record alone.
        if (!await tokens.RevokeAsync(token.Id, cancellationToken))
        {
            var revoked = await tokens.FindByNameAsync(tokenName, cancellationToken);
            await output.WriteLineAsync($"API token '{tokenName}' was already revoked at {UtcText.Of(revoked!.RevokedAt!.Value)}.");
            return TokensCommand.Done;
        }

        await services.GetRequiredService<AuditLog>().RecordAsync(
            new AuditEntry { Actor = AuditActors.System, Action = AuditActions.TokenRevoked, Target = tokenName },
            cancellationToken);
        await output.WriteLineAsync($"Revoked API token '{tokenName}'; requests presenting it are refused from now on.");
        return TokensCommand.Done;
    }
}
