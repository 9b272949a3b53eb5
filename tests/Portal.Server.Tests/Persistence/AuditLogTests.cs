using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Persistence;

public abstract class AuditLogTests : StoreTests
{
    private AuditLog Log => Services.GetRequiredService<AuditLog>();

    [Fact]
    public async Task Entries_come_back_newest_first_with_every_field()
    {
        await Log.RecordAsync(new AuditEntry { Actor = "alice", Action = AuditActions.SignIn, RemoteAddress = "10.1.2.3" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Log.RecordAsync(new AuditEntry
        {
            Actor = "alice",
            Action = AuditActions.RoleSwitch,
            Environment = "prod",
            Target = "prod/Deployer",
            Detail = "from prod/ReadOnly",
            RemoteAddress = "2001:db8::1",
        });
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Log.RecordAsync(new AuditEntry { Actor = AuditActors.System, Action = AuditActions.TokenRevoked, Target = "ci-main" });

        var page = await Log.RecentAsync(new AuditQuery());

        Assert.Equal(3, page.Total);
        Assert.False(page.HasMore);
        Assert.Equal([AuditActions.TokenRevoked, AuditActions.RoleSwitch, AuditActions.SignIn], page.Entries.Select(e => e.Action));
        var switched = page.Entries[1];
        Assert.True(switched.Id > 0);
        Assert.Equal(Start.AddMinutes(1), switched.At);
        Assert.Equal(TimeSpan.Zero, switched.At.Offset);
        Assert.Equal("alice", switched.Actor);
        Assert.Equal("prod", switched.Environment);
        Assert.Equal("prod/Deployer", switched.Target);
        Assert.Equal("from prod/ReadOnly", switched.Detail);
        Assert.Equal("2001:db8::1", switched.RemoteAddress);
        Assert.Null(page.Entries[0].Environment);
        Assert.Equal("system", page.Entries[0].Actor);
    }

    [Fact]
    public async Task Order_follows_the_moment_not_the_insertion_or_the_offset()
    {
        // 10:00 at +02:00 is 08:00 UTC: earlier than 09:00 UTC, though inserted later and "larger" as local time.
        await Log.RecordAsync(new AuditEntry { Actor = "a", Action = "nine-utc", At = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero) });
        await Log.RecordAsync(new AuditEntry { Actor = "a", Action = "eight-utc", At = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(2)) });
        await Log.RecordAsync(new AuditEntry { Actor = "a", Action = "ten-utc", At = new DateTimeOffset(2026, 11, 22, 5, 0, 0, TimeSpan.FromHours(-5)) });

        var page = await Log.RecentAsync(new AuditQuery());

        Assert.Equal(["ten-utc", "nine-utc", "eight-utc"], page.Entries.Select(e => e.Action));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), page.Entries[2].At);
        Assert.All(page.Entries, e => Assert.Equal(TimeSpan.Zero, e.At.Offset));
    }

    [Fact]
    public async Task Entries_of_the_same_moment_come_newest_recorded_first()
    {
        foreach (var action in new[] { "first", "second", "third" })
        {
            await Log.RecordAsync(new AuditEntry { Actor = "a", Action = action });
        }

        var page = await Log.RecentAsync(new AuditQuery());

        Assert.Equal(["third", "second", "first"], page.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Filters_by_actor_action_and_environment_combine()
    {
        await Record("alice", AuditActions.SignIn, null);
        await Record("alice", AuditActions.RoleSwitch, "prod");
        await Record("alice", AuditActions.RoleSwitch, "dev");
        await Record("bob", AuditActions.RoleSwitch, "prod");
        await Record("token:ci", AuditActions.AccessRefused, "prod");

        Assert.Equal(3, (await Log.RecentAsync(new AuditQuery { Actor = "alice" })).Total);
        Assert.Equal(3, (await Log.RecentAsync(new AuditQuery { Action = AuditActions.RoleSwitch })).Total);
        Assert.Equal(3, (await Log.RecentAsync(new AuditQuery { Environment = "prod" })).Total);
        var aliceInProd = await Log.RecentAsync(new AuditQuery { Actor = "alice", Action = AuditActions.RoleSwitch, Environment = "prod" });
        var only = Assert.Single(aliceInProd.Entries);
        Assert.Equal(("alice", "prod"), (only.Actor, only.Environment));
        Assert.Empty((await Log.RecentAsync(new AuditQuery { Actor = "carol" })).Entries);

        async Task Record(string actor, string action, string? environment)
        {
            await Log.RecordAsync(new AuditEntry { Actor = actor, Action = action, Environment = environment });
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task A_time_range_includes_its_start_and_excludes_its_end()
    {
        for (var minute = 0; minute < 5; minute++)
        {
            await Log.RecordAsync(new AuditEntry { Actor = "a", Action = $"minute-{minute}", At = Start.AddMinutes(minute) });
        }

        var range = await Log.RecentAsync(new AuditQuery { From = Start.AddMinutes(1), To = Start.AddMinutes(3) });
        var fromOnly = await Log.RecentAsync(new AuditQuery { From = Start.AddMinutes(4) });
        var toOnly = await Log.RecentAsync(new AuditQuery { To = Start.AddMinutes(1) });
        // The same instants, written in another offset, select the same entries.
        var offset = TimeSpan.FromHours(5.5);
        var shifted = await Log.RecentAsync(new AuditQuery { From = Start.AddMinutes(1).ToOffset(offset), To = Start.AddMinutes(3).ToOffset(offset) });

        Assert.Equal(["minute-2", "minute-1"], range.Entries.Select(e => e.Action));
        Assert.Equal(["minute-4"], fromOnly.Entries.Select(e => e.Action));
        Assert.Equal(["minute-0"], toOnly.Entries.Select(e => e.Action));
        Assert.Equal(["minute-2", "minute-1"], shifted.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Pages_walk_the_trail_newest_first_and_count_the_whole()
    {
        for (var i = 1; i <= 7; i++)
        {
            await Log.RecordAsync(new AuditEntry { Actor = "a", Action = $"n{i}" });
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await Log.RecentAsync(new AuditQuery { Take = 3 });
        var second = await Log.RecentAsync(new AuditQuery { Skip = 3, Take = 3 });
        var last = await Log.RecentAsync(new AuditQuery { Skip = 6, Take = 3 });
        var beyond = await Log.RecentAsync(new AuditQuery { Skip = 10, Take = 3 });

        Assert.Equal(["n7", "n6", "n5"], first.Entries.Select(e => e.Action));
        Assert.Equal(["n4", "n3", "n2"], second.Entries.Select(e => e.Action));
        Assert.Equal(["n1"], last.Entries.Select(e => e.Action));
        Assert.Empty(beyond.Entries);
        Assert.All(new[] { first, second, last, beyond }, page => Assert.Equal(7, page.Total));
        Assert.True(first.HasMore);
        Assert.True(second.HasMore);
        Assert.False(last.HasMore);
    }

    [Fact]
    public async Task Page_size_is_capped_and_nonsense_paging_is_refused()
    {
        var capped = await Log.RecentAsync(new AuditQuery { Take = 100_000 });

        Assert.Equal(AuditLog.MaxPageSize, capped.Take);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Log.RecentAsync(new AuditQuery { Skip = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Log.RecentAsync(new AuditQuery { Take = 0 }));
    }

    [Fact]
    public async Task Over_long_fields_are_cut_to_their_column_rather_than_losing_the_entry()
    {
        var longTarget = new string('t', 2_000);
        var longDetail = new string('d', 20_000);

        await Log.RecordAsync(new AuditEntry { Actor = new string('a', 1_000), Action = "x", Target = longTarget, Detail = longDetail });

        var entry = Assert.Single((await Log.RecentAsync(new AuditQuery())).Entries);
        Assert.Equal(PortalDbContext.ActorLength, entry.Actor.Length);
        Assert.Equal(PortalDbContext.TargetLength, entry.Target!.Length);
        Assert.Equal(longDetail, entry.Detail);
    }

    [Fact]
    public async Task An_entry_needs_an_actor_and_an_action()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Log.RecordAsync(new AuditEntry { Actor = " ", Action = AuditActions.SignIn }));
        await Assert.ThrowsAsync<ArgumentException>(() => Log.RecordAsync(new AuditEntry { Actor = "alice", Action = "" }));
        Assert.Equal(0, (await Log.RecentAsync(new AuditQuery())).Total);
    }
}

public sealed class SqliteAuditLogTests(SqliteTestDatabase database) : AuditLogTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresServer server) : AuditLogTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
