using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Hosting;

/// <summary>The host with its database, as <c>dotnet run</c> starts it.</summary>
public class DatabaseStartupTests
{
    [Fact]
    public async Task Starting_with_default_settings_creates_the_sqlite_file_and_its_schema()
    {
        await using var portal = new PortalApplication();
        Assert.False(Directory.Exists(portal.DatabaseDirectory));

        using var client = portal.CreateClient();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(File.Exists(portal.DatabasePath));
        await using var connection = new SqliteConnection(portal.DatabaseConnectionString);
        await connection.OpenAsync();
        Assert.Equal(["ApiTokens", "AuditEntries", "RoleChoices", "SignInSessions"], await ReadAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('ApiTokens', 'AuditEntries', 'RoleChoices', 'SignInSessions') ORDER BY name"));
        var applied = await ReadAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory");
        Assert.Single(applied, id => id.EndsWith("_Initial", StringComparison.Ordinal));

        // The stores the next features use are wired to that same file.
        var audit = portal.Services.GetRequiredService<AuditLog>();
        await audit.RecordAsync(new AuditEntry { Actor = AuditActors.System, Action = "started" });
        Assert.Equal(["started"], await ReadAsync(connection, "SELECT Action FROM AuditEntries"));
    }

    [Fact]
    public void The_default_sqlite_file_is_App_Data_portal_db_under_the_content_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-content-root");

        var options = OptionsFor(root, new Dictionary<string, string?>());

        Assert.Equal(DatabaseOptions.Sqlite, options.Provider);
        Assert.Equal(Path.Combine(root, "App_Data", "portal.db"), new SqliteConnectionStringBuilder(options.ConnectionString).DataSource);
    }

    [Fact]
    public void A_relative_sqlite_file_is_taken_from_the_content_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-content-root");

        var options = OptionsFor(root, new Dictionary<string, string?> { ["Database:ConnectionString"] = "Data Source=data/mine.db;Cache=Shared" });

        var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(Path.Combine(root, "data", "mine.db"), sqlite.DataSource);
        Assert.Equal(SqliteCacheMode.Shared, sqlite.Cache);
    }

    [Fact]
    public void An_unreachable_postgresql_server_stops_the_host_naming_the_setting_but_not_the_password()
    {
        using var portal = new PortalApplication(host =>
        {
            host.UseSetting("Database:Provider", "PostgreSQL");
            host.UseSetting("Database:ConnectionString", $"Host=127.0.0.1;Port={UnusedPort()};Database=portal;Username=portal;Password=hunter2;Timeout=3");
        });

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.IsType<DatabaseStartupException>(error);
        Assert.Contains("Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL database 'portal' on 127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgresql_without_a_connection_string_stops_the_host_naming_the_setting()
    {
        using var portal = new PortalApplication(host =>
        {
            host.UseSetting("Database:Provider", "PostgreSQL");
            host.UseSetting("Database:ConnectionString", "");
        });

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("Database:ConnectionString is required when Database:Provider is 'PostgreSQL'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_as_a_process_an_unreachable_database_ends_it_with_a_plain_message()
    {
        var (exitCode, standardError) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["Database__ConnectionString"] = $"Host=127.0.0.1;Port={UnusedPort()};Database=portal;Username=portal;Password=hunter2;Timeout=3",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Portal cannot start: The database could not be prepared", standardError, StringComparison.Ordinal);
        Assert.Contains("Database:ConnectionString", standardError, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sqlite_file_that_cannot_be_created_stops_the_host_naming_the_setting()
    {
        var blocker = Path.GetTempFileName(); // a file where the folder would have to be
        try
        {
            using var portal = new PortalApplication(host =>
                host.UseSetting("Database:ConnectionString", $"Data Source={Path.Combine(blocker, "portal.db")}"));

            var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

            Assert.IsType<DatabaseStartupException>(error);
            Assert.Contains("Database:ConnectionString", error.Message, StringComparison.Ordinal);
            Assert.Contains(blocker, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private static DatabaseOptions OptionsFor(string contentRoot, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IHostEnvironment>(new ContentRootOnly(contentRoot));
        services.AddPortalDatabase(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
    }

    private static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<List<string>> ReadAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private sealed class ContentRootOnly(string contentRoot) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";

        public string ApplicationName { get; set; } = "Portal.Server";

        public string ContentRootPath { get; set; } = contentRoot;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

/// <summary>The whole portal on the throwaway PostgreSQL server: it creates its database and schema on start.</summary>
[Collection(PostgresCollection.Name)]
public class PostgresStartupTests(PostgresServer server)
{
    [Fact]
    public async Task Starting_on_postgresql_creates_the_database_and_its_schema()
    {
        var database = server.NotYetCreatedDatabase("host");
        await using var portal = new PortalApplication(host =>
        {
            host.UseSetting("Database:Provider", "PostgreSQL");
            host.UseSetting("Database:ConnectionString", database.ConnectionString);
        });

        using var client = portal.CreateClient();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var audit = portal.Services.GetRequiredService<AuditLog>();
        await audit.RecordAsync(new AuditEntry { Actor = AuditActors.System, Action = "started" });

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(File.Exists(portal.DatabasePath));
        Assert.Contains("AuditEntries: (1,", await database.DumpAsync(), StringComparison.Ordinal);
    }
}
