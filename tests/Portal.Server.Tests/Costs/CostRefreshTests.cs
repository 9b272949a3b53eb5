using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.CostExplorer;
using Portal.Server.Costs;
using Portal.Server.Instances;
using Portal.Server.Persistence;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Costs;

namespace Portal.Server.Tests.Costs;

/// <summary>The cost cache over the simulated Cost Explorer, every call counted by the cloud meter, on a clock the test moves.</summary>
public sealed class CostRefreshTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteTestDatabase _database = new();
    private readonly ManualTimeProvider _time = new(Seeds.Start);
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CostOptions _options = new();
    private ServiceProvider _services = default!;
    private CloudCallMeter _meter = default!;
    private SimulatedCostExplorer _simulated = default!;
    private CostRefreshService _refresher = default!;
    private CostCache _cache = default!;

    private long CostExplorerCalls => _meter.Count(MeteredCostExplorer.Service, "GetCostAndUsage") + _meter.Count(MeteredCostExplorer.Service, "GetCostForecast");

    public async Task InitializeAsync()
    {
        _services = _database.BuildServices(_time);
        await _services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var contexts = _services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await contexts.ClearAsync();

        var seed = Seeds.Real;
        _meter = new CloudCallMeter(_metrics.GetRequiredService<IMeterFactory>());

        // Small pages, so one refresh has to follow NextPageToken.
        _simulated = new SimulatedCostExplorer(new SimulatedCosts(seed, new SimulationOptions().RandomSeed, Seeds.Start), seed, new SimulatedIam(seed.Identity.Roles), _time) { PageSize = 300 };
        var explorer = new MeteredCostExplorer(_simulated, _meter);
        var store = new CostStore(contexts);
        _cache = new CostCache(store);
        var options = Options.Create(_options);
        _refresher = new CostRefreshService(
            new CostFetcher(explorer, options),
            store,
            _cache,
            new CostExplorerAccount(new CloudCaller(seed.Organization.Ops.AccountId, "us-east-1", seed.Organization.PortalReadRole, "portal-costs")),
            new SimulatedEnvironmentCatalog(seed),
            SoleInstanceLeases.Instance,
            _time,
            options,
            NullLogger<CostRefreshService>.Instance);
    }

    [Fact]
    public async Task The_first_refresh_follows_every_page_within_the_request_bound()
    {
        var outcome = await _refresher.RefreshIfDueAsync(CancellationToken.None);

        Assert.True(outcome.Refreshed, outcome.Message);
        Assert.Equal(CostExplorerCalls, outcome.Requests);
        Assert.InRange(outcome.Requests, 4, _options.MaxRequestsPerRefresh);
        Assert.Equal(3, _meter.Count(MeteredCostExplorer.Service, "GetCostForecast"));

        // Three queries, and more pages than queries: the daily one needs several pages of 300 groups.
        Assert.True(_meter.Count(MeteredCostExplorer.Service, "GetCostAndUsage") > 3);
        var snapshot = await _cache.GetAsync();
        Assert.Equal(Seeds.Start, snapshot.RefreshedAt);
        Assert.Equal(outcome.Requests, snapshot.Requests);
        var days = snapshot.Lines.Where(l => l.Series == CostSeries.DailyByService).Select(l => l.Start).Distinct().Count();
        Assert.Equal(31 + 22, days);
        Assert.Equal([Seeds.DevAccount, Seeds.StageAccount, Seeds.ProdAccount], snapshot.Lines.Select(l => l.AccountId).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_cost_explorer_call_within_the_refresh_interval()
    {
        await _refresher.RefreshIfDueAsync(CancellationToken.None);
        var afterFirst = CostExplorerCalls;

        _time.Advance(TimeSpan.FromHours(6) - TimeSpan.FromSeconds(1));
        var early = await _refresher.RefreshIfDueAsync(CancellationToken.None);
        Assert.False(early.Refreshed);
        Assert.Equal(afterFirst, CostExplorerCalls);

        _time.Advance(TimeSpan.FromSeconds(1));
        var due = await _refresher.RefreshIfDueAsync(CancellationToken.None);
        Assert.True(due.Refreshed);
        Assert.Equal(2 * afterFirst, CostExplorerCalls);
    }

    [Fact]
    public async Task The_background_service_fills_an_empty_cache_on_start_and_then_waits_for_the_interval()
    {
        using var stopping = new CancellationTokenSource();
        await _refresher.StartAsync(stopping.Token);
        await WaitUntilAsync(() => CostExplorerCalls > 0 && _cache.GetAsync().Result.RefreshedAt is not null);
        var afterFirst = CostExplorerCalls;

        _time.Advance(TimeSpan.FromHours(3));
        await Task.Delay(200);
        Assert.Equal(afterFirst, CostExplorerCalls);

        await _refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_administrators_refresh_is_refused_within_the_cooldown_without_calling_cost_explorer()
    {
        await _refresher.RefreshIfDueAsync(CancellationToken.None);
        var afterFirst = CostExplorerCalls;

        _time.Advance(TimeSpan.FromMinutes(5));
        var refused = await _refresher.RefreshRequestedAsync("alice", CancellationToken.None);
        Assert.False(refused.Refreshed);
        Assert.Contains("5 minutes ago", refused.Message, StringComparison.Ordinal);
        Assert.Equal(afterFirst, CostExplorerCalls);

        _time.Advance(TimeSpan.FromMinutes(5));
        var done = await _refresher.RefreshRequestedAsync("alice", CancellationToken.None);
        Assert.True(done.Refreshed, done.Message);
        await using var context = await _services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(["schedule", "alice"], await context.CostRefreshes.OrderBy(r => r.Id).Select(r => r.Trigger).ToListAsync());
    }

    [Fact]
    public async Task A_refresh_that_would_exceed_the_request_bound_stops_and_keeps_the_last_costs()
    {
        await _refresher.RefreshIfDueAsync(CancellationToken.None);
        var before = await _cache.GetAsync();
        var afterFirst = CostExplorerCalls;

        _options.MaxRequestsPerRefresh = 3;
        _time.Advance(TimeSpan.FromHours(7));
        var outcome = await _refresher.RefreshIfDueAsync(CancellationToken.None);

        Assert.False(outcome.Refreshed);
        Assert.Equal(afterFirst + 3, CostExplorerCalls);
        var after = await _cache.GetAsync();
        Assert.Equal(before.RefreshedAt, after.RefreshedAt);
        Assert.Equal(before.Lines.Count, after.Lines.Count);
        Assert.Contains("Costs:MaxRequestsPerRefresh", after.LastError, StringComparison.Ordinal);

        // A failure is retried after Costs:RetryAfterFailure, not at once.
        _options.MaxRequestsPerRefresh = 40;
        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.False((await _refresher.RefreshIfDueAsync(CancellationToken.None)).Refreshed);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await _refresher.RefreshIfDueAsync(CancellationToken.None)).Refreshed);
    }

    [Fact]
    public async Task The_report_adds_up_accounts_to_the_total_and_groups_to_the_account()
    {
        await _refresher.RefreshIfDueAsync(CancellationToken.None);
        var snapshot = await _cache.GetAsync();
        var environments = new SimulatedEnvironmentCatalog(Seeds.Real).Environments.Select(e => e.Info).ToList();

        var report = CostAggregation.Build(snapshot.Lines, environments, DateOnly.FromDateTime(Seeds.Start.UtcDateTime), CostFreshness.Never);

        Assert.Equal("USD", report.Currency);
        Assert.Equal(report.MonthToDate.Amount, report.Accounts.Sum(a => a.MonthToDate.Amount));
        Assert.Equal(13, report.Months.Count);
        Assert.True(report.Months[^1].Estimated);
        Assert.All(report.Months.SkipLast(1), m => Assert.False(m.Estimated));
        foreach (var account in report.Accounts)
        {
            // Top services (the rest summed as Other) add up to the account; so do its days this month, and its ECS services to its ECS line.
            Assert.Equal(account.MonthToDate.Amount, account.TopServices.Sum(s => s.Amount.Amount));
            Assert.Equal(account.MonthToDate.Amount, account.Daily.Where(d => d.Day >= new DateOnly(2026, 11, 1)).Sum(d => d.Amount.Amount));
            Assert.Equal(report.Months[^1].ByAccount.Single(a => a.Environment == account.Environment.Name).Amount, account.MonthToDate);
            var ecsLine = snapshot.Lines.Where(l => l.Series == CostSeries.MonthlyByService && l.AccountId == account.Environment.AccountId
                && l.Start == new DateOnly(2026, 11, 1) && l.Key == SimulatedCosts.EcsService).Sum(l => l.Amount);
            Assert.Equal(ecsLine, report.EcsServices.Where(s => s.Environment == account.Environment.Name).Sum(s => s.MonthToDate.Amount));
            Assert.NotNull(account.MonthEndForecast);
            Assert.True(account.MonthEndForecast!.Value.Amount > account.MonthToDate.Amount);

            // Today is in the forecast whole, so the month end takes only the days before it from the month to date.
            var today = DateOnly.FromDateTime(Seeds.Start.UtcDateTime);
            var billedBeforeToday = account.Daily.Where(d => d.Day >= new DateOnly(2026, 11, 1) && d.Day < today).Sum(d => d.Amount.Amount);
            var forecast = snapshot.Lines.Single(l => l.Series == CostSeries.Forecast && l.AccountId == account.Environment.AccountId);
            Assert.Equal(today, forecast.Start);
            Assert.Equal(billedBeforeToday + forecast.Amount, account.MonthEndForecast.Value.Amount);
        }

        var prod = report.Account("prod")!;
        Assert.Equal([new SimulatedCosts(Seeds.Real, new SimulationOptions().RandomSeed, Seeds.Start).AnomalyDay], prod.Anomalies.Select(d => d.Day));
        Assert.Empty(report.Account("dev")!.Anomalies);
    }

    public Task DisposeAsync() => _services.DisposeAsync().AsTask();

    public void Dispose()
    {
        _meter.Dispose();
        _metrics.Dispose();
        _refresher.Dispose();
        _database.Dispose();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(20);
        }
    }
}
