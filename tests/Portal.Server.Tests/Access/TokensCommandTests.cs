using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;

namespace Portal.Server.Tests.Access;

public sealed partial class TokensCommandTests(SqliteTestDatabase database) : StoreTests, IClassFixture<SqliteTestDatabase>
{
    private static readonly string[] CiScopes =
        ["--scope", "environments=dev,stage", "--scope", "services=*", "--scope", "actions=announce-build,deploy"];

    private ApiTokenStore Tokens => Services.GetRequiredService<ApiTokenStore>();

    private AuditLog Audit => Services.GetRequiredService<AuditLog>();

    [Fact]
    public async Task Create_prints_the_secret_once_and_the_secret_finds_the_token()
    {
        var run = await RunAsync(["create", "--name", "ci", .. CiScopes]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var secret = Assert.Single(Secret().Matches(run.Output)).Value;
        Assert.Equal(secret, run.Output.TrimEnd().Split('\n')[^1]);
        Assert.Contains("will not be shown again", run.Output, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer", run.Output, StringComparison.Ordinal);
        var token = await Tokens.FindBySecretAsync(secret);
        Assert.NotNull(token);
        Assert.Equal("ci", token.Name);
        Assert.Equal(new TokenScopes(["dev", "stage"], ["*"], ["announce-build", "deploy"]), token.Scopes);
        Assert.Equal(AuditActors.System, token.CreatedBy);
        Assert.Equal(Start.AddDays(90), token.ExpiresAt);
        Assert.Equal(ApiTokenState.Active, token.StateAt(Start));

        var audit = Assert.Single((await Audit.RecentAsync(new AuditQuery())).Entries);
        Assert.Equal(AuditActions.TokenCreated, audit.Action);
        Assert.Equal(AuditActors.System, audit.Actor);
        Assert.Equal("ci", audit.Target);
        Assert.StartsWith("environments=dev,stage services=* actions=announce-build,deploy", audit.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, audit.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12h", "2026-11-22T21:30:00Z")]
    [InlineData("30d", "2026-12-22T09:30:00Z")]
    [InlineData("2027-01-31", "2027-01-31T00:00:00Z")]
    public async Task Create_takes_the_expiry_as_days_hours_or_a_date(string expires, string expected)
    {
        var run = await RunAsync(["create", "--name", "ci", .. CiScopes, "--expires", expires]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), (await Tokens.FindByNameAsync("ci"))?.ExpiresAt);
    }

    [Fact]
    public async Task Create_accepts_options_written_with_equals_and_tidies_the_lists()
    {
        var run = await RunAsync(["create", "--name=ci", "--scope=environments=dev, dev ,Dev,stage", "--scope", "services=orders-api,*", "--scope", "actions=deploy,view", "--scope", "actions=deploy"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new TokenScopes(["dev", "stage"], ["*"], ["deploy", "view"]), (await Tokens.FindByNameAsync("ci"))?.Scopes);
    }

    [Fact]
    public async Task List_shows_every_token_but_never_a_secret_or_hash()
    {
        var ci = await RunAsync(["create", "--name", "ci", .. CiScopes]);
        var chat = await RunAsync(["create", "--name", "chat-bot", "--scope", "environments=*", "--scope", "services=*", "--scope", "actions=view", "--expires", "1d"]);
        var old = await RunAsync(["create", "--name", "old", .. CiScopes]);
        await RunAsync(["revoke", "--name", "old"]);
        var ciToken = await Tokens.FindBySecretAsync(Secret().Match(ci.Output).Value);
        await Tokens.MarkUsedAsync(ciToken!.Id);
        Clock.Advance(TimeSpan.FromDays(2));

        var list = await RunAsync(["list"]);

        Assert.Equal(0, list.ExitCode);
        var lines = list.Output.TrimEnd().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("NAME", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^chat-bot\s+expired\s+2026-11-23 09:30 UTC\s+never\s+2026-11-22 09:30 UTC\s+environments=\* services=\* actions=view$", lines[1]);
        Assert.Matches(@"^ci\s+active\s+2027-02-20 09:30 UTC\s+2026-11-22 09:30 UTC\s+2026-11-22 09:30 UTC\s+environments=dev,stage services=\* actions=announce-build,deploy$", lines[2]);
        Assert.Matches(@"^old\s+revoked\s", lines[3]);
        foreach (var created in new[] { ci, chat, old })
        {
            var secret = Secret().Match(created.Output).Value;
            Assert.DoesNotContain(secret[ApiTokenStore.SecretPrefix.Length..], list.Output, StringComparison.Ordinal);
            Assert.DoesNotContain((await Tokens.FindBySecretAsync(secret))!.SecretHash, list.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(ApiTokenStore.SecretPrefix, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_says_when_there_are_no_tokens()
    {
        var list = await RunAsync(["list"]);

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("No API tokens yet", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_refuses_the_token_from_then_on_and_is_audited_once()
    {
        var created = await RunAsync(["create", "--name", "ci", .. CiScopes]);
        Clock.Advance(TimeSpan.FromHours(1));

        var revoke = await RunAsync(["revoke", "--name", "ci"]);
        var again = await RunAsync(["revoke", "--name", "ci"]);

        Assert.Equal(0, revoke.ExitCode);
        Assert.Contains("Revoked API token 'ci'", revoke.Output, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already revoked at 2026-11-22 10:30 UTC", again.Output, StringComparison.Ordinal);
        var token = await Tokens.FindBySecretAsync(Secret().Match(created.Output).Value);
        Assert.Equal(ApiTokenState.Revoked, token?.StateAt(Clock.GetUtcNow()));
        var revoked = Assert.Single((await Audit.RecentAsync(new AuditQuery { Action = AuditActions.TokenRevoked })).Entries);
        Assert.Equal(AuditActors.System, revoked.Actor);
        Assert.Equal("ci", revoked.Target);
    }

    [Theory]
    [InlineData("", "Usage:")]
    [InlineData("frobnicate", "'frobnicate' is not a tokens subcommand")]
    [InlineData("create --scope environments=dev --scope services=* --scope actions=deploy", "--name is missing")]
    [InlineData("create --name", "--name needs a value")]
    [InlineData("create --name ci --name cd --scope environments=dev --scope services=* --scope actions=deploy", "--name is given more than once")]
    [InlineData("create --nmae ci --scope environments=dev --scope services=* --scope actions=deploy", "has no option --nmae")]
    [InlineData("create --name ci extra --scope environments=dev --scope services=* --scope actions=deploy", "'extra' is not an option")]
    [InlineData("create --name ci --scope regions=eu --scope services=* --scope actions=deploy", "--scope regions=eu is not understood")]
    [InlineData("create --name ci --scope environments --scope services=* --scope actions=deploy", "--scope environments is not understood")]
    [InlineData("create --name ci --scope environments=, --scope services=* --scope actions=deploy", "--scope environments= lists nothing")]
    [InlineData("create --name ci --scope environments=dev --scope actions=deploy", "--scope services=... is missing")]
    [InlineData("create --name ci --scope environments=dev --scope services=* --scope actions=deploy,destroy", "'destroy' is not a token action")]
    [InlineData("create --name ci --scope environments=dev --scope services=* --scope actions=deploy --expires soon", "--expires soon is not understood")]
    [InlineData("create --name ci --scope environments=dev --scope services=* --scope actions=deploy --expires 0d", "--expires 0d is not in the future")]
    [InlineData("create --name ci --scope environments=dev --scope services=* --scope actions=deploy --expires 2026-11-22", "--expires 2026-11-22 is not in the future")]
    [InlineData("create --name ci --scope environments=dev --scope services=* --scope actions=deploy --expires 2027-02-30", "--expires 2027-02-30 is not understood")]
    [InlineData("create --name ci --scope environments=dev --scope services=* --scope actions=deploy --expires 99999d", "--expires 99999d is too far ahead")]
    [InlineData("create --name -ci --scope environments=dev --scope services=* --scope actions=deploy", "--name -ci cannot be used: A token name is 1 to 100")]
    [InlineData("list --all", "has no option --all")]
    [InlineData("revoke", "--name is missing")]
    [InlineData("revoke --name nobody", "No API token is named 'nobody'")]
    public async Task Bad_input_says_what_to_fix_exits_2_and_writes_nothing(string arguments, string message)
    {
        var run = await RunAsync(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(TokensCommand.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
        Assert.Empty(await Tokens.ListAsync());
        Assert.Equal(0, (await Audit.RecentAsync(new AuditQuery())).Total);
    }

    [Fact]
    public async Task A_name_is_never_used_twice()
    {
        await RunAsync(["create", "--name", "ci", .. CiScopes]);
        await RunAsync(["revoke", "--name", "ci"]);

        var again = await RunAsync(["create", "--name", "ci", .. CiScopes]);

        Assert.Equal(TokensCommand.BadInput, again.ExitCode);
        Assert.Contains("An API token named 'ci' already exists", again.Error, StringComparison.Ordinal);
        Assert.DoesNotMatch(Secret(), again.Output + again.Error);
        Assert.Single(await Tokens.ListAsync());
        Assert.Single((await Audit.RecentAsync(new AuditQuery { Action = AuditActions.TokenCreated })).Entries);
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var run = await RunAsync(["help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("tokens create --name NAME", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_tokens_word_asks_for_the_command()
    {
        Assert.True(TokensCommand.IsRequested(["tokens", "list"]));
        Assert.True(TokensCommand.IsRequested(["Tokens"]));
        Assert.False(TokensCommand.IsRequested([]));
        Assert.False(TokensCommand.IsRequested(["doctor"]));
        Assert.False(TokensCommand.IsRequested(["--tokens"]));
    }

    [Fact]
    public async Task The_command_migrates_a_new_database_first()
    {
        using var fresh = new SqliteTestDatabase();
        await using var services = fresh.BuildServices(Clock);

        var run = await RunAsync(services, ["create", "--name", "ci", .. CiScopes]);

        Assert.Equal(0, run.ExitCode);
        Assert.NotNull(await services.GetRequiredService<ApiTokenStore>().FindByNameAsync("ci"));
    }

    [Fact]
    public async Task Bad_input_does_not_even_create_the_database()
    {
        using var fresh = new SqliteTestDatabase();
        await using var services = fresh.BuildServices(Clock);

        var run = await RunAsync(services, ["create", "--name", "ci", "--scope", "regions=eu"]);

        Assert.Equal(TokensCommand.BadInput, run.ExitCode);
        Assert.False(File.Exists(fresh.FilePath));
    }

    [Fact]
    public async Task A_database_that_cannot_be_prepared_exits_1_naming_the_setting()
    {
        using var fresh = new SqliteTestDatabase();
        var blocker = Path.Combine(Path.GetDirectoryName(fresh.FilePath)!, "..", "portal-not-a-folder-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "a file where a folder should be");
        try
        {
            var broken = new SqliteTestDatabaseAt(Path.Combine(blocker, "portal.db"));
            await using var services = broken.BuildServices(Clock);

            var run = await RunAsync(services, ["list"]);

            Assert.Equal(TokensCommand.DatabaseFailed, run.ExitCode);
            Assert.Contains("Database:ConnectionString", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);

    private Task<CommandRun> RunAsync(string[] args) => RunAsync(Services, args);

    private static async Task<CommandRun> RunAsync(IServiceProvider services, string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exitCode = await TokensCommand.RunAsync(services, args, output, error);
        return new CommandRun(exitCode, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    [GeneratedRegex("ptk_[A-Za-z0-9_-]{43}")]
    private static partial Regex Secret();

    private sealed record CommandRun(int ExitCode, string Output, string Error);

    /// <summary>A SQLite database at a path the test chooses, for paths that cannot work.</summary>
    private sealed class SqliteTestDatabaseAt(string path) : TestDatabase
    {
        public override string Provider => DatabaseOptions.Sqlite;

        public override string ConnectionString => "Data Source=" + path;

        public override Task<string> DumpAsync() => throw new NotSupportedException();
    }
}
