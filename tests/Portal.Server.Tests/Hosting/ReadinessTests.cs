using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Server.Hosting;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Hosting;

/// <summary><c>/readyz</c> tells a load balancer whether this instance can serve: it needs its database and a first snapshot.</summary>
public sealed class ReadinessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Readiness_fails_naming_the_database_while_it_cannot_be_reached_and_liveness_stays_up()
    {
        await using var portal = new PortalApplication();
        using var client = portal.CreateClient();
        var ready = await ReadinessWithinAsync(client, HttpStatusCode.OK);
        Assert.Equal("Healthy", Check(ready, "database").GetProperty("status").GetString());

        // The SQLite file's folder goes away; pooled connections would still reach the unlinked file.
        Directory.Delete(portal.DatabaseDirectory, recursive: true);
        SqliteConnection.ClearAllPools();

        var notReady = await ReadinessWithinAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", notReady.GetProperty("status").GetString());
        var database = Check(notReady, "database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Contains("database cannot be reached", database.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(portal.DatabasePath, notReady.ToString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(notReady, "fleet").GetProperty("status").GetString());

        using var live = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Probes_within_two_seconds_share_one_query()
    {
        using var database = new SqliteTestDatabase();
        var clock = new FakeTimeProvider(Start);
        await using var services = database.BuildServices(clock);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var contexts = new CountingContexts(services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        using var check = Check(contexts, services, clock);

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(1, contexts.Created);

        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(2, contexts.Created);
    }

    [Fact]
    public async Task A_database_that_does_not_answer_fails_readiness_after_two_seconds()
    {
        using var database = new SqliteTestDatabase();
        var clock = new FakeTimeProvider(Start);
        await using var services = database.BuildServices(clock);
        using var check = Check(new SilentContexts(), services, clock);

        var probe = check.CheckHealthAsync(new HealthCheckContext());
        Assert.False(probe.IsCompleted);
        clock.Advance(DatabaseReadinessCheck.Timeout);
        var result = await probe.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("The database did not answer within 2 s.", result.Description);
    }

    private static DatabaseReadinessCheck Check(IDbContextFactory<PortalDbContext> contexts, IServiceProvider services, TimeProvider clock) =>
        new(contexts, services.GetRequiredService<IOptions<DatabaseOptions>>(), clock, NullLogger<DatabaseReadinessCheck>.Instance);

    /// <summary>Asks until <c>/readyz</c> answers the status (10 s at most: the fleet's first snapshot, the database check's two-second reuse).</summary>
    private static async Task<JsonElement> ReadinessWithinAsync(HttpClient client, HttpStatusCode wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
            if (response.StatusCode == wanted)
            {
                Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/readyz still answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }
    }

    private static JsonElement Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private sealed class CountingContexts(IDbContextFactory<PortalDbContext> inner) : IDbContextFactory<PortalDbContext>
    {
        public int Created { get; private set; }

        public PortalDbContext CreateDbContext()
        {
            Created++;
            return inner.CreateDbContext();
        }
    }

    /// <summary>A database that never answers: creating a context waits until it is cancelled.</summary>
    private sealed class SilentContexts : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => throw new InvalidOperationException("Only the asynchronous path is expected.");

        public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("Unreachable.");
        }
    }
}
