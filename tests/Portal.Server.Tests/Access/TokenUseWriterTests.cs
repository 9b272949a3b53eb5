using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;

namespace Portal.Server.Tests.Access;

/// <summary>
/// How often a token's last use reaches the database: the writer's rounds are driven here one by
/// one, every <see cref="TokenUseWriter.FlushInterval"/> of the test's clock, as its timer does.
/// Writes are counted by a trigger on the column.
/// </summary>
public sealed class TokenUseWriterTests(SqliteTestDatabase database) : StoreTests, IClassFixture<SqliteTestDatabase>
{
    private static readonly TokenScopes CiScopes = new(["dev"], ["*"], ["view"]);

    private ApiTokenStore Tokens => Services.GetRequiredService<ApiTokenStore>();

    [Fact]
    public async Task A_hundred_requests_in_a_minute_make_one_write()
    {
        var token = await CreateTokenAsync();
        var (uses, writer) = Writer();

        for (var request = 0; request < 100; request++)
        {
            await AdvanceAsync(writer, TimeSpan.FromMilliseconds(590));
            uses.Note(token.Id);
        }

        Assert.Equal(1, await WritesAsync());
        var lastRequest = Clock.GetUtcNow();

        await AdvanceAsync(writer, TimeUntilWrittenAgain());

        Assert.Equal(2, await WritesAsync());
        Assert.Equal(lastRequest, await StoredLastUseAsync(token));
    }

    [Fact]
    public async Task The_stored_last_use_is_never_more_than_a_minute_and_one_round_behind()
    {
        var token = await CreateTokenAsync();
        var (uses, writer) = Writer();
        var bound = TokenUses.WriteGap + TokenUseWriter.FlushInterval;
        var latest = default(DateTimeOffset?);
        var worstLag = TimeSpan.Zero;

        // A request every 3 s for five minutes, then quiet for two.
        for (var second = 1; second <= 7 * 60; second++)
        {
            await AdvanceAsync(writer, TimeSpan.FromSeconds(1));
            if (second <= 5 * 60 && second % 3 == 0)
            {
                uses.Note(token.Id);
                latest = Clock.GetUtcNow();
            }

            if (latest is { } used)
            {
                // Never used, as far as the database knows, means out of date since the token was created.
                var lag = used - (await StoredLastUseAsync(token) ?? Start);
                Assert.True(lag <= bound, $"At {second} s the stored last use was {lag} behind the latest request.");
                worstLag = lag > worstLag ? lag : worstLag;
            }
        }

        Assert.Equal(latest, await StoredLastUseAsync(token));
        Assert.True(worstLag > TokenUseWriter.FlushInterval, "The uses were written at every request; the test would not see a deferral.");
        Assert.InRange(await WritesAsync(), 5, 6);
    }

    [Fact]
    public async Task A_failed_write_is_tried_again_in_a_later_round()
    {
        var token = await CreateTokenAsync();
        var (uses, writer) = Writer();
        await ExecuteAsync("CREATE TRIGGER refuse_last_used BEFORE UPDATE OF LastUsedAt ON ApiTokens BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        uses.Note(token.Id);
        var used = Clock.GetUtcNow();

        await AdvanceAsync(writer, TokenUseWriter.FlushInterval);
        Assert.Null(await StoredLastUseAsync(token));

        await ExecuteAsync("DROP TRIGGER refuse_last_used;");
        await AdvanceAsync(writer, TimeUntilWrittenAgain());

        Assert.Equal(used, await StoredLastUseAsync(token));
    }

    [Fact]
    public async Task Stopping_writes_the_uses_that_were_not_yet_due()
    {
        var token = await CreateTokenAsync();
        var (uses, writer) = Writer();
        uses.Note(token.Id);
        await AdvanceAsync(writer, TokenUseWriter.FlushInterval);
        uses.Note(token.Id);
        var last = Clock.GetUtcNow();
        await AdvanceAsync(writer, TokenUseWriter.FlushInterval);
        Assert.NotEqual(last, await StoredLastUseAsync(token));

        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(last, await StoredLastUseAsync(token));
        Assert.Equal(2, await WritesAsync());
    }

    [Fact]
    public async Task Each_token_is_written_on_its_own_schedule()
    {
        var ci = await CreateTokenAsync("ci");
        var chat = await CreateTokenAsync("chat");
        var (uses, writer) = Writer();
        uses.Note(ci.Id);
        await AdvanceAsync(writer, TimeSpan.FromSeconds(30));
        uses.Note(ci.Id);
        uses.Note(chat.Id);
        var chatUse = Clock.GetUtcNow();

        await AdvanceAsync(writer, TokenUseWriter.FlushInterval);

        // chat's first use is written in the next round; ci's second waits for its minute.
        Assert.Equal(chatUse, await StoredLastUseAsync(chat));
        Assert.Equal(Start, await StoredLastUseAsync(ci));
    }

    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);

    private (TokenUses Uses, TokenUseWriter Writer) Writer()
    {
        var uses = new TokenUses(Clock);
        return (uses, new TokenUseWriter(uses, Tokens, Clock, NullLogger<TokenUseWriter>.Instance));
    }

    /// <summary>Moves the clock on, running a round of the writer at every flush interval passed, as its timer would.</summary>
    private async Task AdvanceAsync(TokenUseWriter writer, TimeSpan by)
    {
        var end = Clock.GetUtcNow() + by;
        while (NextRound() <= end)
        {
            Clock.SetUtcNow(NextRound());
            await writer.WriteDueAsync(CancellationToken.None);
        }

        Clock.SetUtcNow(end);
    }

    private DateTimeOffset NextRound()
    {
        var elapsed = Clock.GetUtcNow() - Start;
        var rounds = (elapsed.Ticks / TokenUseWriter.FlushInterval.Ticks) + 1;
        return Start + (TokenUseWriter.FlushInterval * rounds);
    }

    private static TimeSpan TimeUntilWrittenAgain() => TokenUses.WriteGap + TokenUseWriter.FlushInterval;

    private async Task<ApiToken> CreateTokenAsync(string name = "ci")
    {
        var created = await Tokens.CreateAsync(name, CiScopes, "alice", Start.AddDays(90));
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS LastUseWrites (TokenId TEXT); DELETE FROM LastUseWrites;");
        await ExecuteAsync("CREATE TRIGGER IF NOT EXISTS count_last_use AFTER UPDATE OF LastUsedAt ON ApiTokens BEGIN INSERT INTO LastUseWrites VALUES (NEW.Id); END;");
        return created.Token;
    }

    private async Task<DateTimeOffset?> StoredLastUseAsync(ApiToken token) => (await Tokens.FindAsync(token.Id))?.LastUsedAt;

    private async Task<long> WritesAsync()
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LastUseWrites";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The test's own constant SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
