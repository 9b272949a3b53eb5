using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary><c>tokens create</c>: a new token, its secret printed once, the creation audited.</summary>
internal sealed class CreateTokenCommand(string tokenName, TokenScopes scopes, DateTimeOffset expiresAt) : ITokensSubcommand
{
    public const string Name = "create";

    public static CreateTokenCommand Parse(IReadOnlyList<string> args, DateTimeOffset now)
    {
        var line = TokenCommandLine.Parse(Name, args, single: ["--name", "--expires"], repeatable: ["--scope"]);
        return new CreateTokenCommand(
            line.Required("--name", "ci"),
            TokenScopeText.Parse(line.All("--scope")),
            TokenExpiry.Parse(line.Optional("--expires"), now));
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var tokens = services.GetRequiredService<ApiTokenStore>();
        if (await tokens.FindByNameAsync(tokenName, cancellationToken) is not null)
        {
            throw Taken();
        }

        NewApiToken created;
        try
        {
            created = await tokens.CreateAsync(tokenName, scopes, AuditActors.System, expiresAt, cancellationToken);
        }
        catch (DuplicateApiTokenNameException)
        {
            throw Taken();
        }
        catch (ArgumentException invalid) when (invalid.ParamName == "name")
        {
            throw new TokenCommandException($"--name {tokenName} cannot be used: {WithoutParameter(invalid)}");
        }

        await services.GetRequiredService<AuditLog>().RecordAsync(
            new AuditEntry
            {
                Actor = AuditActors.System,
                Action = AuditActions.TokenCreated,
                Target = tokenName,
                Detail = $"{TokenScopeText.Format(scopes)} expires={created.Token.ExpiresAt:O}",
            },
            cancellationToken);

        await output.WriteLineAsync($"Created API token '{tokenName}', expiring {UtcText.Of(created.Token.ExpiresAt)}.");
        await output.WriteLineAsync($"  environments: {string.Join(", ", scopes.Environments)}");
        await output.WriteLineAsync($"  services:     {string.Join(", ", scopes.Services)}");
        await output.WriteLineAsync($"  actions:      {string.Join(", ", scopes.Actions)}");
        await output.WriteLineAsync("Callers send it as `Authorization: Bearer <secret>`.");
        await output.WriteLineAsync("The secret is on the next line. It will not be shown again: store it now (as a CI secret, say).");
        await output.WriteLineAsync(created.Secret);
        return TokensCommand.Done;
    }

    private TokenCommandException Taken() =>
        new($"An API token named '{tokenName}' already exists; names are never reused (not even after revoking), so choose another --name.");

    /// <summary>The store's sentence without the " (Parameter 'name')" that ArgumentException appends.</summary>
    private static string WithoutParameter(ArgumentException invalid)
    {
        var suffix = $" (Parameter '{invalid.ParamName}')";
        return invalid.Message.EndsWith(suffix, StringComparison.Ordinal) ? invalid.Message[..^suffix.Length] : invalid.Message;
    }
}
