using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Server.Costs;
using Portal.Server.Fleet;
using Portal.Server.Instances;
using Portal.Server.Persistence;
using Portal.Server.Simulation;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Instances;

/// <summary>Leases on a real PostgreSQL: one holder per key, handed on when the holder dies or goes silent.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LeaseTests(PostgresServer postgres)
{
    private static readonly PollingOptions Polling = new() { Interval = TimeSpan.FromSeconds(1) };
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_lease_has_one_holder_and_another_instance_takes_it_once_the_holder_stops()
    {
        var database = await postgres.CreateDatabaseAsync("leases");
        var key = LeaseKeys.Environment("dev");
        using var first = Leases(database);
        await first.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => first.Holds(key), "the first instance to take dev's lease");

        var secondInstance = new InstanceIdentity();
        using var second = Leases(database, secondInstance);
        await second.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => TriedAsync(database, secondInstance), "the second instance to have tried the leases");
        Assert.False(second.Holds(key));
        Assert.Empty(second.Held);
        Assert.True(first.Holds(key));

        await first.StopAsync(CancellationToken.None);
        Assert.False(first.Holds(key));
        await EventuallyAsync(() => second.Holds(key), "the second instance to take over");
        Assert.Equal(LeaseKeys.All(Catalog, NoCosts).Order(), second.Held.Order());
        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_holder_that_goes_silent_loses_its_lease_to_another_instance_within_two_poll_intervals()
    {
        var database = await postgres.CreateDatabaseAsync("silent");
        var key = LeaseKeys.Environment("dev");

        // A holder that hangs: it took the lock as an instance does, then never speaks again.
        await using var hung = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await hung.OpenAsync();
        var timing = LeaseTiming.For(Polling);
        await using (var silence = new NpgsqlCommand($"SET idle_session_timeout = {(int)timing.ServerTimeout.TotalMilliseconds}", hung))
        {
            await silence.ExecuteNonQueryAsync();
        }

        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@id)", hung))
        {
            take.Parameters.AddWithValue("id", PostgresLeases.LockIdOf(key));
            Assert.Equal(true, await take.ExecuteScalarAsync());
        }

        var silentSince = TimeProvider.System.GetTimestamp();
        using var survivor = Leases(database);
        await survivor.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => survivor.Holds(LeaseKeys.Environment("prod")), "the survivor to hold the free leases");
        Assert.False(survivor.Holds(key));

        await EventuallyAsync(() => survivor.Holds(key), "the survivor to take the silent holder's lease");
        var takenAfter = TimeProvider.System.GetElapsedTime(silentSince);
        Assert.True(takenAfter <= 2 * Polling.Interval + TimeSpan.FromSeconds(1), $"taken over after {takenAfter.TotalSeconds:0.0} s");
        Assert.True(takenAfter >= timing.ServerTimeout, $"taken over after {takenAfter.TotalSeconds:0.0} s, before the holder's session could end");
        await survivor.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void The_holder_stops_trusting_its_lease_before_postgresql_can_hand_it_on()
    {
        var timing = LeaseTiming.For(Polling);

        Assert.True(timing.RenewEvery < timing.TrustFor);
        Assert.True(timing.TrustFor < timing.ServerTimeout);
        Assert.True(timing.ServerTimeout + timing.RenewEvery <= 2 * Polling.Interval);
    }

    private static readonly IEnvironmentCatalog Catalog = new SimulatedEnvironmentCatalog(Seeds.Real);

    private static readonly CostExplorerAccount NoCosts = new(null, "not configured in this test");

    private static PostgresLeases Leases(PostgresTestDatabase database, InstanceIdentity? instance = null) => new(
        Options.Create(new DatabaseOptions { Provider = DatabaseOptions.PostgreSql, ConnectionString = database.ConnectionString }),
        Options.Create(Polling),
        Catalog,
        NoCosts,
        instance ?? new InstanceIdentity(),
        TimeProvider.System,
        NullLogger<PostgresLeases>.Instance);

    /// <summary>Whether the instance's lease session has asked PostgreSQL for a lock (its last query, as PostgreSQL reports it).</summary>
    private static async Task<bool> TriedAsync(PostgresTestDatabase database, InstanceIdentity instance)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = left(@name, 63) AND query LIKE '%pg_try_advisory_lock%'", connection);
        query.Parameters.AddWithValue("name", "portal-leases " + instance.Name);
        return (long)(await query.ExecuteScalarAsync())! > 0;
    }

    private static Task EventuallyAsync(Func<bool> condition, string what) => EventuallyAsync(() => Task.FromResult(condition()), what);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, $"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(50);
        }
    }
}
