using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Access;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Access;

public sealed class ApiTokenAuthenticationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private static readonly TokenScopes CiScopes = new(["dev", "stage"], ["*"], ["announce-build", "deploy"]);

    private TokenTestHost _host = default!;

    public async Task InitializeAsync() => _host = await TokenTestHost.StartAsync(Start);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_valid_token_signs_the_request_in_as_the_token_and_notes_its_use()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<TokenTestHost.WhoAmI>();
        Assert.NotNull(me);
        Assert.Equal("token:ci", me.Name);
        Assert.Equal(ApiTokenAuthentication.Scheme, me.AuthenticationType);
        Assert.Equal(created.Token.Id, me.TokenId);
        Assert.Equal("ci", me.TokenName);
        Assert.Equal(["dev", "stage"], me.Environments);
        Assert.Equal(["*"], me.Services);
        Assert.Equal(["announce-build", "deploy"], me.Actions);

        // Not written by the request: the writer's next round writes it.
        Assert.Null((await _host.Tokens.FindByNameAsync("ci"))?.LastUsedAt);
        _host.Clock.Advance(TokenUseWriter.FlushInterval);
        await EventuallyAsync(async () => await LastUseAsync("ci") == Start.AddMinutes(5), "the last use is written");
    }

    [Fact]
    public async Task A_hundred_requests_in_a_minute_write_the_last_use_once()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        await CountLastUseWritesAsync();
        for (var request = 0; request < 100; request++)
        {
            _host.Clock.Advance(TimeSpan.FromMilliseconds(590));
            using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var lastRequest = _host.Clock.GetUtcNow();
        await EventuallyAsync(async () => await WritesAsync() > 0, "the first use is written");
        Assert.Equal(1, await WritesAsync());

        // The rest are written once the token's minute is up, the last request's time among them.
        _host.Clock.Advance(TokenUses.WriteGap + TokenUseWriter.FlushInterval);
        await EventuallyAsync(async () => await LastUseAsync("ci") == lastRequest, "the last request's use is written");
        Assert.Equal(2, await WritesAsync());
    }

    [Fact]
    public async Task A_token_request_does_not_wait_while_another_writer_holds_the_database()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        await using var writer = new SqliteConnection(_host.Database.ConnectionString);
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        try
        {
            // SQLite would make a request that writes wait out its 30 s busy timeout.
            using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret).WaitAsync(TimeSpan.FromSeconds(5));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await using var rollback = writer.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task A_token_in_use_is_refused_at_once_when_revoked()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        using (var before = await _host.GetAsync("/whoami", "Bearer " + created.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await _host.Tokens.RevokeAsync(created.Token.Id);

        using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret);
        await AssertRefusedAsync(response, "The API token 'ci' was revoked at 2026-11-22 09:30 UTC.");
    }

    [Fact]
    public async Task Stopping_the_host_writes_the_last_use_not_yet_written()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        _host.Clock.Advance(TimeSpan.FromSeconds(3));
        using (var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _host.StopAsync();

        await using var services = _host.Database.BuildServices(_host.Clock);
        Assert.Equal(Start.AddSeconds(3), (await services.GetRequiredService<ApiTokenStore>().FindByNameAsync("ci"))?.LastUsedAt);
    }

    [Fact]
    public async Task The_scheme_word_is_read_in_any_case()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));

        using var response = await _host.GetAsync("/whoami", "bearer " + created.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_challenge_says_how_to_send_one()
    {
        using var response = await _host.GetAsync("/whoami", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        var problem = await ProblemAsync(response);
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("Authorization: Bearer ptk_", detail, StringComparison.Ordinal);
        Assert.Contains("Admin › API tokens", detail, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project Portal.Server -- tokens create", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_token_is_refused_as_unknown()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        var otherSecret = created.Secret[..^4] + (created.Secret.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        using var response = await _host.GetAsync("/whoami", "Bearer " + otherSecret);

        await AssertRefusedAsync(response, "The API token is not known.");
        Assert.Null((await _host.Tokens.FindByNameAsync("ci"))?.LastUsedAt);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_as_revoked()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        _host.Clock.Advance(TimeSpan.FromHours(1));
        await _host.Tokens.RevokeAsync(created.Token.Id);
        _host.Clock.Advance(TimeSpan.FromHours(1));

        using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret);

        await AssertRefusedAsync(response, "The API token 'ci' was revoked at 2026-11-22 10:30 UTC.");
        Assert.Null((await _host.Tokens.FindByNameAsync("ci"))?.LastUsedAt);
    }

    [Fact]
    public async Task An_expired_token_is_refused_naming_when_it_expired()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        using (var stillValid = await _host.GetAsync("/whoami", "Bearer " + created.Secret))
        {
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        }

        _host.Clock.Advance(TimeSpan.FromDays(90));

        using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret);

        await AssertRefusedAsync(response, "The API token 'ci' expired at 2027-02-20 09:30 UTC.");
    }

    [Theory]
    [InlineData("Bearer", "carries no token")]
    [InlineData("Bearer    ", "carries no token")]
    [InlineData("Bearer ptk_one ptk_two", "one token and nothing after it")]
    [InlineData("Bearer not-a-portal-token", "The API token is not known.")]
    public async Task A_malformed_bearer_header_is_refused_saying_what_is_wrong(string authorization, string reason)
    {
        using var response = await _host.GetAsync("/whoami", authorization);

        await AssertRefusedAsync(response, reason);
    }

    [Theory]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("ptk_no_scheme_word")]
    [InlineData("")]
    public async Task Another_scheme_is_left_alone_and_the_caller_challenged_plainly(string authorization)
    {
        using var response = await _host.GetAsync("/whoami", authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task A_token_without_the_needed_scope_is_forbidden_with_a_problem()
    {
        var created = await _host.Tokens.CreateAsync("viewer", new TokenScopes(["*"], ["*"], ["view"]), "alice", Start.AddDays(90));

        using var response = await _host.GetAsync("/deploy", "Bearer " + created.Secret);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("Forbidden", problem.GetProperty("title").GetString());
        Assert.Contains("scopes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_with_the_needed_scope_passes_the_policy()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));

        using var response = await _host.GetAsync("/deploy", "Bearer " + created.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("deploying", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Failing_to_note_the_use_does_not_fail_the_request()
    {
        var created = await _host.Tokens.CreateAsync("ci", CiScopes, "alice", Start.AddDays(90));
        await using (var connection = new SqliteConnection(_host.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse_last_used BEFORE UPDATE OF LastUsedAt ON ApiTokens BEGIN SELECT RAISE(ABORT, 'disk full'); END;";
            await command.ExecuteNonQueryAsync();
        }

        using var response = await _host.GetAsync("/whoami", "Bearer " + created.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await _host.Tokens.FindByNameAsync("ci"))?.LastUsedAt);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("Basic YWxpY2U6c2VjcmV0", false)]
    [InlineData("Bearer ptk_x", true)]
    [InlineData("bearer ptk_x", true)]
    [InlineData("Bearer", true)]
    public void A_bearer_header_is_recognised_for_forwarding_whether_or_not_it_is_well_formed(string? authorization, bool bearer)
    {
        var context = new DefaultHttpContext();
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        Assert.Equal(bearer, ApiTokenAuthentication.HasBearerHeader(context.Request));
    }

    /// <summary>Waits (10 s at most) until the condition holds: the writer works in the background, after the clock moves.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not so after 10 s: {what}.");
            }

            await Task.Delay(20);
        }
    }

    private async Task<DateTimeOffset?> LastUseAsync(string name) => (await _host.Tokens.FindByNameAsync(name))?.LastUsedAt;

    private async Task CountLastUseWritesAsync()
    {
        await using var connection = new SqliteConnection(_host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE LastUseWrites (TokenId TEXT); CREATE TRIGGER count_last_use AFTER UPDATE OF LastUsedAt ON ApiTokens BEGIN INSERT INTO LastUseWrites VALUES (NEW.Id); END;";
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> WritesAsync()
    {
        await using var connection = new SqliteConnection(_host.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LastUseWrites";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.StartsWith("error=\"invalid_token\", error_description=\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains(reason, challenge.Parameter, StringComparison.Ordinal);

        var problem = await ProblemAsync(response);
        Assert.Equal("Unauthorized", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        Assert.Contains("tokens create", detail, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }
}
