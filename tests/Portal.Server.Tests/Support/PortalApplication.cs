using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Portal.Server.Tests.Support;

/// <summary>
/// The whole portal in memory with otherwise default settings, except that its SQLite file lives in
/// a temporary folder of its own: test hosts run in parallel and must never share one database.
/// </summary>
public class PortalApplication : WebApplicationFactory<Program>
{
    private readonly Action<IWebHostBuilder>? _configure;

    /// <param name="configure">Settings of the test, applied after the database's (so a test may point it elsewhere).</param>
    public PortalApplication(Action<IWebHostBuilder>? configure = null) => _configure = configure;

    /// <summary>Not created here: the host's migration step must create it.</summary>
    public string DatabaseDirectory { get; } = Path.Combine(Path.GetTempPath(), "portal-test-db-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(DatabaseDirectory, "portal.db");

    public string DatabaseConnectionString => new SqliteConnectionStringBuilder { DataSource = DatabasePath }.ToString();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:ConnectionString", DatabaseConnectionString);
        // The simulated cloud answers at once here: these tests are about what the portal does, not how long AWS takes.
        builder.UseSetting("Simulation:Aws:EcsLatency", "00:00:00");
        builder.UseSetting("Simulation:Aws:CloudWatchLatency", "00:00:00");
        _configure?.Invoke(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        using (var connection = new SqliteConnection(DatabaseConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        if (Directory.Exists(DatabaseDirectory))
        {
            Directory.Delete(DatabaseDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
