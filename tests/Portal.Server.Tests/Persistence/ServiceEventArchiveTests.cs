using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.History;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Persistence;

/// <summary>
/// Service events kept beyond ECS's window: 500 events of one service seen 100 at a time, as ECS
/// shows them, end up archived once each, and a restarted archive adds no duplicates.
/// </summary>
public abstract class ServiceEventArchiveTests : StoreTests
{
    private const int EventCount = 500;

    [Fact]
    public async Task Five_hundred_events_seen_through_a_window_of_one_hundred_are_all_kept_once_across_a_restart()
    {
        var events = Enumerable.Range(0, EventCount)
            .Select(i => new ServiceEventRecord($"event-{i:0000}", Start.AddMinutes(i), $"(service orders-api) event {i}", ServiceEventClass.Other))
            .ToList();

        var archive = NewArchive();
        for (var newest = 0; newest < EventCount; newest += 37)
        {
            await archive.ArchiveAsync(Snapshot(Window(events, newest)), CancellationToken.None);
        }

        // Restarted: a new archive on the same database sees the last windows again.
        var restarted = NewArchive();
        for (var newest = EventCount - 150; newest < EventCount; newest += 10)
        {
            await restarted.ArchiveAsync(Snapshot(Window(events, newest)), CancellationToken.None);
        }

        await restarted.ArchiveAsync(Snapshot(Window(events, EventCount - 1)), CancellationToken.None);
        await using var context = await Contexts.CreateDbContextAsync();
        var archived = await context.ArchivedServiceEvents.Where(e => e.Service == "orders-api").Select(e => e.EventId).ToListAsync();
        Assert.Equal(EventCount, archived.Count);
        Assert.Equal(EventCount, archived.Distinct().Count());
    }

    [Fact]
    public async Task An_event_id_seen_again_at_another_time_does_not_stop_new_events_being_kept()
    {
        var archive = NewArchive();
        await archive.ArchiveAsync(Snapshot([new ServiceEventRecord("event-1", Start.AddHours(-2), "first run", ServiceEventClass.Other)]), CancellationToken.None);

        // The same id again, newer, beside a new event: as after a simulated organization restarted on the same database.
        var added = await archive.ArchiveAsync(Snapshot([
            new ServiceEventRecord("event-1", Start, "second run", ServiceEventClass.Other),
            new ServiceEventRecord("event-2", Start, "new", ServiceEventClass.Other)]), CancellationToken.None);

        Assert.Equal(1, added);
        await using var context = await Contexts.CreateDbContextAsync();
        Assert.Equal(["event-1", "event-2"], (await context.ArchivedServiceEvents.Select(e => e.EventId).ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Events_past_the_retention_are_purged()
    {
        var archive = NewArchive(TimeSpan.FromDays(30));
        await archive.ArchiveAsync(Snapshot([
            new ServiceEventRecord("old", Start.AddDays(-40), "old", ServiceEventClass.Other),
            new ServiceEventRecord("new", Start.AddDays(-1), "new", ServiceEventClass.Other)]), CancellationToken.None);

        Assert.Equal(1, await archive.PurgeAsync(CancellationToken.None));
        await using var context = await Contexts.CreateDbContextAsync();
        Assert.Equal("new", (await context.ArchivedServiceEvents.SingleAsync()).EventId);
    }

    private ServiceEventArchive NewArchive(TimeSpan? retention = null) =>
        new(Contexts, Options.Create(new HistoryOptions { Retention = retention ?? TimeSpan.FromDays(400) }), Clock, NullLogger<ServiceEventArchive>.Instance);

    /// <summary>The newest hundred events up to and including <paramref name="newest"/>, newest first, as ECS lists them.</summary>
    private static List<ServiceEventRecord> Window(List<ServiceEventRecord> events, int newest) =>
        events.Take(newest + 1).TakeLast(100).Reverse().ToList();

    private static EnvironmentSnapshot Snapshot(IReadOnlyList<ServiceEventRecord> events) =>
        new("prod", Start, [new ClusterSnapshot("prod-api", "arn:cluster", "ACTIVE", 1, 0, [Service(events)])]);

    private static ServiceSnapshot Service(IReadOnlyList<ServiceEventRecord> events) => new(
        "orders-api", "prod-api", "arn:service", "ACTIVE", 1, 1, 0,
        TaskDefinitionSummary.Unknown("arn:aws:ecs:eu-west-1:1:task-definition/orders-api:1"),
        [], events, MetricSeries.Empty, MetricSeries.Empty, [], new Dictionary<string, string>(), null, null);
}

public sealed class SqliteServiceEventArchiveTests(SqliteTestDatabase database) : ServiceEventArchiveTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceEventArchiveTests(PostgresServer server) : ServiceEventArchiveTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
