using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.History;
using Portal.Shared.Fleet;

namespace Portal.Server.Tests.Persistence;

/// <summary>
/// Alarm changes kept for the timeline: each change once however many refreshes show it, none for
/// alarms that have only ever been OK, and the way back to OK kept once an alarm has left it.
/// </summary>
public abstract class AlarmChangeArchiveTests : StoreTests
{
    private const string Cpu = "pricing-api-cpu-critical";

    [Fact]
    public async Task An_alarm_only_ever_seen_at_OK_adds_nothing()
    {
        var archive = NewArchive();

        Assert.Equal(0, await archive.ArchiveAsync(Snapshot(Alarm(Cpu, "OK", Start.AddDays(-3))), CancellationToken.None));
        Assert.Empty(await ChangesAsync());
    }

    [Fact]
    public async Task Into_ALARM_and_back_to_OK_is_kept_once_each_across_refreshes_and_a_restart()
    {
        var archive = NewArchive();
        await archive.ArchiveAsync(Snapshot(Alarm(Cpu, "OK", Start.AddDays(-3))), CancellationToken.None);
        var into = Alarm(Cpu, "ALARM", Start.AddMinutes(4));
        Assert.Equal(1, await archive.ArchiveAsync(Snapshot(into), CancellationToken.None));
        Assert.Equal(0, await archive.ArchiveAsync(Snapshot(into), CancellationToken.None));

        var restarted = NewArchive();
        Assert.Equal(0, await restarted.ArchiveAsync(Snapshot(into), CancellationToken.None));
        Assert.Equal(1, await restarted.ArchiveAsync(Snapshot(Alarm(Cpu, "OK", Start.AddMinutes(19))), CancellationToken.None));
        Assert.Equal(0, await restarted.ArchiveAsync(Snapshot(Alarm(Cpu, "OK", Start.AddMinutes(19))), CancellationToken.None));

        var changes = await ChangesAsync();
        Assert.Equal([("ALARM", Start.AddMinutes(4)), ("OK", Start.AddMinutes(19))], changes.Select(c => (c.State, c.ChangedAt)));
        Assert.All(changes, c => Assert.Equal(("prod", "prod-api", "pricing-api"), (c.Environment, c.Cluster, c.Service)));
        Assert.Equal("Critical", changes[0].Severity);
        Assert.Equal("Threshold Crossed: ALARM", changes[0].Reason);
    }

    [Fact]
    public async Task Changes_past_the_retention_are_purged()
    {
        var archive = NewArchive(TimeSpan.FromDays(30));
        await archive.ArchiveAsync(Snapshot(Alarm(Cpu, "ALARM", Start.AddDays(-40)), Alarm("pricing-api-memory-warning", "ALARM", Start.AddDays(-1))), CancellationToken.None);

        Assert.Equal(1, await archive.PurgeAsync(CancellationToken.None));
        Assert.Equal("pricing-api-memory-warning", (await ChangesAsync()).Single().AlarmName);
    }

    private async Task<List<Server.Persistence.ArchivedAlarmChange>> ChangesAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return (await context.ArchivedAlarmChanges.ToListAsync()).OrderBy(c => c.ChangedAt).ToList();
    }

    private AlarmChangeArchive NewArchive(TimeSpan? retention = null) =>
        new(Contexts, Options.Create(new HistoryOptions { Retention = retention ?? TimeSpan.FromDays(400) }), Clock, NullLogger<AlarmChangeArchive>.Instance);

    private static AlarmStatus Alarm(string name, string state, DateTimeOffset at) =>
        new(name, state, AlarmStatus.SeverityFromName(name), "CPUUtilization", 80, $"Threshold Crossed: {state}", at);

    private static EnvironmentSnapshot Snapshot(params AlarmStatus[] alarms) =>
        new("prod", Start, [new ClusterSnapshot("prod-api", "arn:cluster", "ACTIVE", 1, 0, [Service(alarms)])]);

    private static ServiceSnapshot Service(IReadOnlyList<AlarmStatus> alarms) => new(
        "pricing-api", "prod-api", "arn:service", "ACTIVE", 1, 1, 0,
        TaskDefinitionSummary.Unknown("arn:aws:ecs:eu-west-1:1:task-definition/pricing-api:1"),
        [], [], MetricSeries.Empty, MetricSeries.Empty, alarms, new Dictionary<string, string>(), null, null);
}

public sealed class SqliteAlarmChangeArchiveTests(SqliteTestDatabase database) : AlarmChangeArchiveTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresAlarmChangeArchiveTests(PostgresServer server) : AlarmChangeArchiveTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
