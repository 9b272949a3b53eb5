using Portal.Server.Costs;
using Portal.Server.Persistence;
using Portal.Shared.Costs;

namespace Portal.Server.Tests.Persistence;

public abstract class CostStoreTests : StoreTests
{
    private CostStore Costs => new(Contexts);

    [Fact]
    public async Task Amounts_and_dates_come_back_exactly_as_stored()
    {
        CostLine[] lines =
        [
            new(CostSeries.MonthlyByService, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 23), "111111111111", "Amazon Elastic Container Service", 1234.5678901234m, "USD", true),
            new(CostSeries.DailyByService, new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 1), "111111111111", "AmazonCloudWatch", 0.0000000001m, "USD", false),
            new(CostSeries.MonthlyByEcsService, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 23), "222222222222", string.Empty, 99999999.99m, "EUR", true),
        ];

        await Costs.SaveAsync(lines, new CostRefreshRecord { StartedAt = Start, FinishedAt = Start.AddSeconds(3), Trigger = "schedule", Requests = 9, Succeeded = true });
        var snapshot = await Costs.LoadAsync();

        Assert.Equal(lines.OrderBy(l => l.Amount), snapshot.Lines.OrderBy(l => l.Amount));
        Assert.Equal(Start.AddSeconds(3), snapshot.RefreshedAt);
        Assert.Equal(9, snapshot.Requests);
        Assert.Null(snapshot.LastError);
    }

    [Fact]
    public async Task A_refresh_replaces_the_lines_and_a_failure_keeps_them()
    {
        var first = new CostLine(CostSeries.Forecast, new DateOnly(2026, 11, 22), new DateOnly(2026, 12, 1), "111111111111", string.Empty, 10m, "USD", true);
        var second = first with { Amount = 12m };
        await Costs.SaveAsync([first], new CostRefreshRecord { StartedAt = Start, FinishedAt = Start, Trigger = "schedule", Requests = 1, Succeeded = true });
        await Costs.SaveAsync([second], new CostRefreshRecord { StartedAt = Start.AddHours(6), FinishedAt = Start.AddHours(6), Trigger = "schedule", Requests = 1, Succeeded = true });
        await Costs.RecordFailureAsync(new CostRefreshRecord { StartedAt = Start.AddHours(12), FinishedAt = Start.AddHours(12), Trigger = "alice", Error = new string('x', 5000) });

        var snapshot = await Costs.LoadAsync();

        Assert.Equal([second], snapshot.Lines);
        Assert.Equal(Start.AddHours(6), snapshot.RefreshedAt);
        Assert.Equal(Start.AddHours(12), snapshot.LastAttemptAt);
        Assert.Equal(PortalDbContext.CostErrorLength, snapshot.LastError!.Length);
    }
}

public sealed class SqliteCostStoreTests(SqliteTestDatabase database) : CostStoreTests, IClassFixture<SqliteTestDatabase>
{
    protected override Task<TestDatabase> OpenDatabaseAsync() => Task.FromResult<TestDatabase>(database);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCostStoreTests(PostgresServer server) : CostStoreTests
{
    protected override async Task<TestDatabase> OpenDatabaseAsync() => await server.DatabaseForAsync(GetType());
}
