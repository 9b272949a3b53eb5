using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.History;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Persistence;

/// <summary>
/// Stopped tasks kept beyond ECS's hour: 500 stopped tasks of one service seen 100 at a time, as ECS still describes
/// them, end up archived once each, and a restarted archive adds no duplicates; read back newest first a page at a time.
/// </summary>
public abstract class StoppedTaskArchiveTests : StoreTests
{
    private const int TaskCount = 500;

    [Fact]
    public async Task Five_hundred_stopped_tasks_seen_through_a_window_of_one_hundred_are_all_kept_once_across_a_restart()
    {
        var tasks = Enumerable.Range(0, TaskCount).Select(i => Stopped(i)).ToList();

        var archive = NewArchive();
        for (var newest = 0; newest < TaskCount; newest += 37)
        {
            await archive.ArchiveAsync(Snapshot(Window(tasks, newest)), CancellationToken.None);
        }

        // Restarted: a new archive on the same database sees the last windows again.
        var restarted = NewArchive();
        for (var newest = TaskCount - 150; newest < TaskCount; newest += 10)
        {
            await restarted.ArchiveAsync(Snapshot(Window(tasks, newest)), CancellationToken.None);
        }

        await restarted.ArchiveAsync(Snapshot(Window(tasks, TaskCount - 1)), CancellationToken.None);
        await using var context = await Contexts.CreateDbContextAsync();
        var archived = await context.ArchivedStoppedTasks.Where(t => t.Service == "orders-api").Select(t => t.TaskArn).ToListAsync();
        Assert.Equal(TaskCount, archived.Count);
        Assert.Equal(TaskCount, archived.Distinct().Count());

        // Read back newest first, 200 at a time, each once.
        var reader = new StoppedTaskReader(Contexts);
        var read = new List<TaskRecord>();
        string? after = null;
        do
        {
            var page = await reader.PageAsync("prod", "prod-api", "orders-api", after, 200, CancellationToken.None);
            read.AddRange(page.Tasks);
            after = page.Next;
        }
        while (after is not null);

        Assert.Equal(tasks.Select(t => t.Arn).Reverse(), read.Select(t => t.Arn));
        var newestRead = read[0];
        Assert.Equal("OutOfMemoryError: Container killed due to memory usage, exit 137", newestRead.StopSummary);
        Assert.Equal([new TaskContainerState("orders-api", 137, "OutOfMemoryError: Container killed due to memory usage", null), new TaskContainerState("log-router", 0, null, null)],
            newestRead.Containers);
    }

    [Fact]
    public async Task Running_and_stopping_tasks_are_not_archived_and_stopped_ones_past_the_retention_are_purged()
    {
        var archive = NewArchive(TimeSpan.FromDays(30));
        var stopping = Stopped(1) with { LastStatus = "DEACTIVATING", StoppedAt = null };
        var old = Stopped(2) with { StoppedAt = Start.AddDays(-40) };
        Assert.Equal(2, await archive.ArchiveAsync(Snapshot([stopping, old, Stopped(3)]), CancellationToken.None));

        Assert.Equal(1, await archive.PurgeAsync(CancellationToken.None));
        await using var context = await Contexts.CreateDbContextAsync();
        Assert.Equal(Stopped(3).Arn, (await context.ArchivedStoppedTasks.SingleAsync()).TaskArn);
    }

    private StoppedTaskArchive NewArchive(TimeSpan? retention = null) =>
        new(Contexts, Options.Create(new HistoryOptions { Retention = retention ?? TimeSpan.FromDays(400) }), Clock, NullLogger<StoppedTaskArchive>.Instance);

    private TaskRecord Stopped(int i) => new(
        $"arn:aws:ecs:eu-west-1:1:task/prod-api/{i:x32}",
        "arn:aws:ecs:eu-west-1:1:task-definition/orders-api:7",
        "STOPPED",
        "STOPPED",
        null,
        "FARGATE",
        "eu-west-1a",
        Start.AddMinutes(i - 10),
        Start.AddMinutes(i),
        "EssentialContainerExited",
        "Essential container in task exited",
        [new TaskContainerState("orders-api", 137, "OutOfMemoryError: Container killed due to memory usage", null), new TaskContainerState("log-router", 0, null, null)]);

    /// <summary>The newest hundred stopped tasks up to and including <paramref name="newest"/>, newest first.</summary>
    private static List<TaskRecord> Window(List<TaskRecord> tasks, int newest) => tasks.Take(newest + 1).TakeLast(100).Reverse().ToList();

    private EnvironmentSnapshot Snapshot(IReadOnlyList<TaskRecord> stopped) =>
        new("prod", Start, [new ClusterSnapshot("prod-api", "arn:cluster", "ACTIVE", 1, 0, [Service(stopped)])]);

    private ServiceSnapshot Service(IReadOnlyList<TaskRecord> stopped) => new ServiceSnapshot(
        "orders-api", "prod-api", "arn:service", "ACTIVE", 1, 1, 0,
        TaskDefinitionSummary.Unknown("arn:aws:ecs:eu-west-1:1:task-definition/orders-api:7"),
        [], [], MetricSeries.Empty, MetricSeries.Empty, [], new Dictionary<string, string>(), null, null)
    {
        Tasks = new ServiceTasks([], stopped, Start),
    };
}

public sealed class SqliteStoppedTaskArchiveTests(SqliteTestDatabase database) : StoppedTaskArchiveTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoppedTaskArchiveTests(PostgresServer server) : StoppedTaskArchiveTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
