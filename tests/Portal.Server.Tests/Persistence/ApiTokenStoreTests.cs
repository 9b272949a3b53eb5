using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Persistence;

public abstract partial class ApiTokenStoreTests : StoreTests
{
    private static readonly TokenScopes DeployDev = new(["dev"], ["orders-api", "billing-api"], ["deploy", "rollback"]);

    private ApiTokenStore Tokens => Services.GetRequiredService<ApiTokenStore>();

    [Fact]
    public async Task Creating_a_token_hands_out_a_prefixed_secret_and_keeps_only_its_hash()
    {
        var created = await Tokens.CreateAsync("ci-main", DeployDev, "alice", Start.AddDays(90));

        Assert.Matches(SecretShape(), created.Secret);
        Assert.Equal(Sha256Hex(created.Secret), created.Token.SecretHash);
        var stored = await Tokens.FindByNameAsync("ci-main");
        Assert.NotNull(stored);
        Assert.Equal(created.Token.Id, stored.Id);
        Assert.Equal(Sha256Hex(created.Secret), stored.SecretHash);
        Assert.Equal(DeployDev, stored.Scopes);
        Assert.Equal(["orders-api", "billing-api"], stored.Scopes.Services);
        Assert.Equal("alice", stored.CreatedBy);
        Assert.Equal(Start, stored.CreatedAt);
        Assert.Equal(Start.AddDays(90), stored.ExpiresAt);
        Assert.Null(stored.RevokedAt);
        Assert.Null(stored.LastUsedAt);
    }

    [Fact]
    public async Task The_secret_never_reaches_the_database()
    {
        var created = await Tokens.CreateAsync("ci-main", DeployDev, "alice", Start.AddDays(90));
        await Tokens.MarkUsedAsync(created.Token.Id);

        var everything = await Database.DumpAsync();

        Assert.Contains(created.Token.SecretHash, everything, StringComparison.Ordinal); // the dump does show what is stored
        Assert.DoesNotContain(created.Secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret[ApiTokenStore.SecretPrefix.Length..], everything, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret[^20..], everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_token_gets_its_own_random_secret()
    {
        var first = await Tokens.CreateAsync("one", DeployDev, "alice", Start.AddDays(1));
        var second = await Tokens.CreateAsync("two", DeployDev, "alice", Start.AddDays(1));

        Assert.NotEqual(first.Secret, second.Secret);
        Assert.NotEqual(first.Token.Id, second.Token.Id);
        Assert.Equal(["one", "two"], (await Tokens.ListAsync()).Select(t => t.Name));
    }

    [Fact]
    public async Task A_secret_finds_its_token_and_nothing_else_does()
    {
        var created = await Tokens.CreateAsync("ci-main", DeployDev, "alice", Start.AddDays(90));
        await Tokens.CreateAsync("chat-bot", DeployDev, "alice", Start.AddDays(90));

        var found = await Tokens.FindBySecretAsync(created.Secret);

        Assert.Equal("ci-main", found?.Name);
        var last = created.Secret[^1];
        var oneCharacterOff = created.Secret[..^1] + (last == 'A' ? 'B' : 'A');
        Assert.Null(await Tokens.FindBySecretAsync(oneCharacterOff));
        Assert.Null(await Tokens.FindBySecretAsync(created.Token.SecretHash));
        Assert.Null(await Tokens.FindBySecretAsync(created.Secret[ApiTokenStore.SecretPrefix.Length..]));
        Assert.Null(await Tokens.FindBySecretAsync(created.Secret + "x"));
        Assert.Null(await Tokens.FindBySecretAsync(created.Secret.ToUpperInvariant()));
        Assert.Null(await Tokens.FindBySecretAsync(""));
        Assert.Null(await Tokens.FindBySecretAsync(null));
    }

    [Fact]
    public async Task A_token_expires_at_its_expiry_and_cannot_be_created_expired()
    {
        var created = await Tokens.CreateAsync("short-lived", DeployDev, "alice", Start.AddHours(1));

        Assert.Equal(ApiTokenState.Active, (await Tokens.FindBySecretAsync(created.Secret))!.StateAt(Clock.GetUtcNow()));
        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(ApiTokenState.Active, (await Tokens.FindBySecretAsync(created.Secret))!.StateAt(Clock.GetUtcNow()));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ApiTokenState.Expired, (await Tokens.FindBySecretAsync(created.Secret))!.StateAt(Clock.GetUtcNow()));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Tokens.CreateAsync("stillborn", DeployDev, "alice", Clock.GetUtcNow()));
        Assert.Null(await Tokens.FindByNameAsync("stillborn"));
    }

    [Fact]
    public async Task Revoking_ends_a_token_once_and_for_good()
    {
        var created = await Tokens.CreateAsync("ci-main", DeployDev, "alice", Start.AddDays(90));
        Clock.Advance(TimeSpan.FromHours(2));

        Assert.True(await Tokens.RevokeAsync(created.Token.Id));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await Tokens.RevokeAsync(created.Token.Id));
        Assert.False(await Tokens.RevokeAsync(Guid.NewGuid()));

        var revoked = await Tokens.FindBySecretAsync(created.Secret);
        Assert.NotNull(revoked);
        Assert.Equal(Start.AddHours(2), revoked.RevokedAt);
        Assert.Equal(ApiTokenState.Revoked, revoked.StateAt(Clock.GetUtcNow()));
    }

    [Fact]
    public async Task Names_are_unique_for_good_even_after_revocation()
    {
        var created = await Tokens.CreateAsync("ci-main", DeployDev, "alice", Start.AddDays(90));

        var duplicate = await Assert.ThrowsAsync<DuplicateApiTokenNameException>(() => Tokens.CreateAsync("ci-main", DeployDev, "bob", Start.AddDays(1)));
        await Tokens.RevokeAsync(created.Token.Id);
        await Assert.ThrowsAsync<DuplicateApiTokenNameException>(() => Tokens.CreateAsync("ci-main", DeployDev, "bob", Start.AddDays(1)));

        Assert.Equal("ci-main", duplicate.Name);
        Assert.Single(await Tokens.ListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("token:nested")]
    [InlineData("ünïcode")]
    public async Task A_token_name_is_plain(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Tokens.CreateAsync(name, DeployDev, "alice", Start.AddDays(1)));
        await Assert.ThrowsAsync<ArgumentException>(() => Tokens.CreateAsync(new string('n', PortalDbContext.TokenNameLength + 1), DeployDev, "alice", Start.AddDays(1)));
    }

    [Fact]
    public async Task Use_is_recorded_with_the_time_of_the_last_call()
    {
        var created = await Tokens.CreateAsync("ci-main", DeployDev, "alice", Start.AddDays(90));
        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await Tokens.MarkUsedAsync(created.Token.Id));
        Assert.Equal(Start.AddMinutes(5), (await Tokens.FindByNameAsync("ci-main"))!.LastUsedAt);
        Clock.Advance(TimeSpan.FromHours(3));
        Assert.True(await Tokens.MarkUsedAsync(created.Token.Id));
        Assert.Equal(Start.AddMinutes(5).AddHours(3), (await Tokens.FindByNameAsync("ci-main"))!.LastUsedAt);
        Assert.False(await Tokens.MarkUsedAsync(Guid.NewGuid()));
    }

    private static string Sha256Hex(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    [GeneratedRegex("^ptk_[A-Za-z0-9_-]{43}$")]
    private static partial Regex SecretShape();
}

public sealed class SqliteApiTokenStoreTests(SqliteTestDatabase database) : ApiTokenStoreTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTokenStoreTests(PostgresServer server) : ApiTokenStoreTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
