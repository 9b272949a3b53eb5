using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Persistence;

/// <summary>Each provider's migration set builds the whole schema from nothing and covers the whole model.</summary>
public abstract class MigrationTests
{
    private static readonly string[] Tables = ["AnnouncedBuilds", "ApiTokens", "ArchivedAlarmChanges", "ArchivedServiceDeployments", "ArchivedServiceEvents", "ArchivedStoppedTasks", "AuditEntries", "AutoDeploySettings", "CostEntries", "CostRefreshes", "DataProtectionKeys", "Deployments", "KnownTaskDefinitions", "RoleChoices", "SeenChatRequests", "ServiceLocks", "SharedStates", "SignInSessions", "TriageAcknowledgements"];

    [Fact]
    public async Task Every_migration_applies_to_an_empty_database_and_a_second_start_applies_none()
    {
        var database = await EmptyDatabaseAsync();
        await using var services = database.BuildServices(new ManualTimeProvider(DateTimeOffset.UnixEpoch));
        var migrator = services.GetRequiredService<DatabaseMigrator>();

        var applied = await migrator.MigrateAsync();
        var again = await migrator.MigrateAsync();

        await using var context = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var all = context.Database.GetMigrations().ToList();
        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
        Assert.Equal(all, await context.Database.GetAppliedMigrationsAsync());
        Assert.Empty(again);
        Assert.Equal(0, await context.AuditEntries.CountAsync());
        Assert.Equal(0, await context.ApiTokens.CountAsync());
        Assert.Equal(0, await context.RoleChoices.CountAsync());
        Assert.Equal(Tables, await TableNamesAsync(context));
    }

    [Fact]
    public async Task The_model_has_no_change_that_a_migration_does_not_cover()
    {
        var database = await EmptyDatabaseAsync();
        await using var services = database.BuildServices(TimeProvider.System);
        await using var context = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.False(
            context.Database.HasPendingModelChanges(),
            $"The model changed without a migration for {database.Provider}: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public async Task The_indexes_the_queries_rely_on_exist()
    {
        var database = await EmptyDatabaseAsync();
        await using var services = database.BuildServices(TimeProvider.System);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await using var context = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        var indexes = await IndexNamesAsync(context);

        Assert.Contains("IX_AuditEntries_At", indexes);
        Assert.Contains("IX_AuditEntries_Actor_At", indexes);
        Assert.Contains("IX_ApiTokens_Name", indexes);
        Assert.Contains("IX_ApiTokens_SecretHash", indexes);
        Assert.Contains("IX_ArchivedServiceDeployments_Environment_ServiceDeploymentArn", indexes);
        Assert.Contains("IX_ServiceDeployments_Environment_Service_Ledger_CreatedAt", indexes);
        Assert.Contains("IX_ServiceDeployments_Environment_Ledger_CreatedAt", indexes);
        Assert.Contains("IX_ArchivedAlarmChanges_Environment_AlarmName_ChangedAt", indexes);
        Assert.Contains("IX_ArchivedAlarmChanges_Environment_Service_ChangedAt", indexes);
        Assert.Contains("IX_ArchivedStoppedTasks_Environment_TaskArn", indexes);
    }

    /// <summary>A database with nothing in it, not even the migrations history.</summary>
    protected abstract Task<TestDatabase> EmptyDatabaseAsync();

    protected abstract Task<List<string>> TableNamesAsync(PortalDbContext context);

    protected abstract Task<List<string>> IndexNamesAsync(PortalDbContext context);
}

public sealed class SqliteMigrationTests : MigrationTests, IDisposable
{
    private readonly List<SqliteTestDatabase> _databases = [];

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }
    }

    protected override Task<TestDatabase> EmptyDatabaseAsync()
    {
        var database = new SqliteTestDatabase();
        _databases.Add(database);
        Assert.False(File.Exists(database.FilePath));
        return Task.FromResult<TestDatabase>(database);
    }

    protected override Task<List<string>> TableNamesAsync(PortalDbContext context) =>
        context.Database.SqlQueryRaw<string>(
            "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '__EF%' ORDER BY name").ToListAsync();

    protected override Task<List<string>> IndexNamesAsync(PortalDbContext context) =>
        context.Database.SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index'").ToListAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServer server) : MigrationTests
{
    /// <summary>Not even created: the portal creates the database itself, as on a fresh server.</summary>
    protected override Task<TestDatabase> EmptyDatabaseAsync() => Task.FromResult<TestDatabase>(server.NotYetCreatedDatabase("migrations"));

    protected override Task<List<string>> TableNamesAsync(PortalDbContext context) =>
        context.Database.SqlQueryRaw<string>(
            "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%' ORDER BY table_name COLLATE \"C\"").ToListAsync();

    protected override Task<List<string>> IndexNamesAsync(PortalDbContext context) =>
        context.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = 'public'").ToListAsync();
}
