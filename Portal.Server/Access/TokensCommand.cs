using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Access;

/// <summary>
/// <c>dotnet run --project Portal.Server -- tokens create|list|revoke ...</c>: manages API tokens
/// from the host's command line, so the first CI token can exist before anyone has signed in.
/// Exit codes: 0 done, 1 the database could not be prepared, 2 the input needs fixing (and nothing
/// was written).
/// </summary>
public static class TokensCommand
{
    public const string Name = "tokens";

    public const int Done = 0;
    public const int DatabaseFailed = 1;
    public const int BadInput = 2;

    public static readonly string Usage = string.Join(
        Environment.NewLine,
        "Usage: dotnet run --project Portal.Server -- tokens <subcommand> [options]",
        "",
        "  tokens create --name NAME --scope environments=E1,E2 --scope services=S1,S2 --scope actions=A1,A2 [--expires 90d|12h|2027-01-31]",
        $"      Creates a token and prints its secret, once. Actions: {string.Join(", ", TokenActions.All)}; * in a list means any.",
        "      --expires defaults to 90d; a date means 00:00 UTC that day.",
        "  tokens list",
        "      Every token with its scopes, state, expiry and last use (never a secret).",
        "  tokens revoke --name NAME",
        "      Refuses the token from now on, for good.");

    public static bool IsRequested(string[] args) =>
        args is { Length: > 0 } && string.Equals(args[0], Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sends the host's console logs to standard error, so standard output holds only what the
    /// command prints and a script can take the new secret from its last line.
    /// </summary>
    public static void SendLogsToStandardError(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <param name="args">The arguments after <c>tokens</c>.</param>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        if (args is [] or ["help" or "--help" or "-h"])
        {
            await (args.Length == 0 ? error : output).WriteLineAsync(Usage);
            return args.Length == 0 ? BadInput : Done;
        }

        try
        {
            // Everything the command line says is checked before the database is touched.
            var subcommand = Parse(args, services.GetRequiredService<TimeProvider>().GetUtcNow());
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
            return await subcommand.RunAsync(services, output, CancellationToken.None);
        }
        catch (TokenCommandException problem)
        {
            await error.WriteLineAsync(problem.Message);
            if (problem.ShowUsage)
            {
                await error.WriteLineAsync();
                await error.WriteLineAsync(Usage);
            }

            return BadInput;
        }
        catch (Exception failure) when (failure is DatabaseStartupException or OptionsValidationException)
        {
            await error.WriteLineAsync("tokens: " + failure.Message);
            return DatabaseFailed;
        }
    }

    private static ITokensSubcommand Parse(string[] args, DateTimeOffset now) => args[0] switch
    {
        CreateTokenCommand.Name => CreateTokenCommand.Parse(args[1..], now),
        ListTokensCommand.Name => ListTokensCommand.Parse(args[1..]),
        RevokeTokenCommand.Name => RevokeTokenCommand.Parse(args[1..]),
        _ => throw new TokenCommandException(
            $"'{args[0]}' is not a tokens subcommand; use {CreateTokenCommand.Name}, {ListTokensCommand.Name} or {RevokeTokenCommand.Name}.",
            showUsage: true),
    };
}

/// <summary>One <c>tokens</c> subcommand, its command line already checked.</summary>
internal interface ITokensSubcommand
{
    /// <exception cref="TokenCommandException">What the database holds makes the request impossible (a name taken, say).</exception>
    Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}
