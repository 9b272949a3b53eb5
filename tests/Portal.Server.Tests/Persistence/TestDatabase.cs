using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Server.Persistence;

namespace Portal.Server.Tests.Persistence;

/// <summary>A database the persistence tests run against: a SQLite file or a PostgreSQL database.</summary>
public abstract class TestDatabase
{
    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>
    /// The portal's database services exactly as the host registers them (<see cref="DatabaseRegistration.AddPortalDatabase"/>),
    /// pointed at this database and driven by the given clock.
    /// </summary>
    public ServiceProvider BuildServices(TimeProvider clock)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = Provider,
                ["Database:ConnectionString"] = ConnectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddPortalDatabase(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>Everything the database holds, as text, to search for what must never be stored.</summary>
    public abstract Task<string> DumpAsync();
}

/// <summary>A SQLite file in a temporary folder of its own; the folder goes when the fixture does.</summary>
public sealed class SqliteTestDatabase : TestDatabase, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "portal-sqlite-" + Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase()
    {
        FilePath = Path.Combine(_directory, "portal.db");
    }

    public string FilePath { get; }

    public override string Provider => DatabaseOptions.Sqlite;

    public override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();

    /// <summary>The file and its write-ahead log, byte for byte (as Latin-1, so every byte stays one character).</summary>
    public override async Task<string> DumpAsync()
    {
        ClearPool();
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(_directory))
        {
            text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }

        return text.ToString();
    }

    public void Dispose()
    {
        ClearPool();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}

/// <summary>One database on the throwaway PostgreSQL server; dropped when the server stops.</summary>
public sealed class PostgresTestDatabase(string connectionString) : TestDatabase
{
    public override string Provider => DatabaseOptions.PostgreSql;

    public override string ConnectionString { get; } = connectionString;

    public string Name => new NpgsqlConnectionStringBuilder(ConnectionString).Database!;

    /// <summary>Every row of every table of the public schema, as PostgreSQL prints it.</summary>
    public override async Task<string> DumpAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        foreach (var table in tables)
        {
#pragma warning disable CA2100 // The table names come from the catalogue, quoted.
            await using var rows = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
#pragma warning restore CA2100
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(": ").AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }
}

internal static class TestDatabaseExtensions
{
    /// <summary>Empties the portal's tables, so each test of a class starts from nothing on the class's database.</summary>
    public static async Task ClearAsync(this IDbContextFactory<PortalDbContext> contexts)
    {
        await using var context = await contexts.CreateDbContextAsync();
        await context.AuditEntries.ExecuteDeleteAsync();
        await context.ApiTokens.ExecuteDeleteAsync();
        await context.RoleChoices.ExecuteDeleteAsync();
        await context.CostEntries.ExecuteDeleteAsync();
        await context.CostRefreshes.ExecuteDeleteAsync();
        await context.Deployments.ExecuteDeleteAsync();
        await context.ServiceLocks.ExecuteDeleteAsync();
        await context.AnnouncedBuilds.ExecuteDeleteAsync();
        await context.ArchivedServiceEvents.ExecuteDeleteAsync();
        await context.ArchivedAlarmChanges.ExecuteDeleteAsync();
        await context.ArchivedServiceDeployments.ExecuteDeleteAsync();
        await context.AutoDeploySettings.ExecuteDeleteAsync();
        await context.KnownTaskDefinitions.ExecuteDeleteAsync();
    }
}
