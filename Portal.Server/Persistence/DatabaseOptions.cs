using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Portal.Server.Persistence;

/// <summary>Where the portal keeps its data (configuration section "Database").</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";

    /// <summary>The folder under the content root that holds the default SQLite file.</summary>
    public const string DefaultDirectory = "App_Data";

    public const string DefaultFileName = "portal.db";

    /// <summary>"Sqlite" (one file, the default) or "PostgreSQL" (shared by several instances).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>
    /// For SQLite, defaults to <c>Data Source=App_Data/portal.db</c> under the content root; a
    /// relative file is taken from the content root too. Required for PostgreSQL.
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgreSql => string.Equals(Provider, PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>Which provider the configuration asks for; the DbContext type is chosen from it before the host is built.</summary>
    public static bool UsesPostgreSql(IConfiguration configuration) =>
        string.Equals(configuration[$"{Section}:{nameof(Provider)}"], PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <summary>The database named without secrets, for logs and error messages.</summary>
    public string Describe()
    {
        try
        {
            if (IsPostgreSql)
            {
                var postgres = new NpgsqlConnectionStringBuilder(ConnectionString);
                return $"PostgreSQL database '{postgres.Database}' on {postgres.Host}:{postgres.Port}";
            }

            return $"SQLite file {new SqliteConnectionStringBuilder(ConnectionString).DataSource}";
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"{Provider} (unreadable connection string)";
        }
    }

    /// <summary>Fills the SQLite default and anchors a relative SQLite file at the content root.</summary>
    internal void ApplyDefaults(string contentRoot)
    {
        if (IsPostgreSql || !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(contentRoot, DefaultDirectory, DefaultFileName),
            }.ToString();
            return;
        }

        SqliteConnectionStringBuilder sqlite;
        try
        {
            sqlite = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException)
        {
            return; // The validation names the key.
        }

        if (IsFile(sqlite) && !Path.IsPathRooted(sqlite.DataSource))
        {
            sqlite.DataSource = Path.Combine(contentRoot, sqlite.DataSource);
            ConnectionString = sqlite.ToString();
        }
    }

    /// <summary>The folder of the SQLite file, to create before the first connection; null for PostgreSQL or in-memory.</summary>
    internal string? SqliteDirectory()
    {
        if (IsPostgreSql)
        {
            return null;
        }

        var sqlite = new SqliteConnectionStringBuilder(ConnectionString);
        return IsFile(sqlite) ? Path.GetDirectoryName(Path.GetFullPath(sqlite.DataSource)) : null;
    }

    private static bool IsFile(SqliteConnectionStringBuilder sqlite) =>
        sqlite.Mode != SqliteOpenMode.Memory
        && !string.IsNullOrEmpty(sqlite.DataSource)
        && !string.Equals(sqlite.DataSource, ":memory:", StringComparison.OrdinalIgnoreCase)
        && !sqlite.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Checks the database settings on start; every message names the key to fix.</summary>
public sealed class DatabaseOptionsValidation : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (!string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase) && !options.IsPostgreSql)
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider must be '{DatabaseOptions.Sqlite}' or '{DatabaseOptions.PostgreSql}' (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(options.IsPostgreSql
                ? "Database:ConnectionString is required when Database:Provider is 'PostgreSQL' (for example Host=db.internal;Database=portal;Username=portal;Password=...)."
                : "Database:ConnectionString must name the SQLite file (Data Source=...).");
        }

        try
        {
            if (options.IsPostgreSql)
            {
                var postgres = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(postgres.Host))
                {
                    return ValidateOptionsResult.Fail("Database:ConnectionString must name the PostgreSQL server (Host=...).");
                }
            }
            else
            {
                var sqlite = new SqliteConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(sqlite.DataSource))
                {
                    return ValidateOptionsResult.Fail("Database:ConnectionString must name the SQLite file (Data Source=...).");
                }
            }
        }
        catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"Database:ConnectionString is not a valid {options.Provider} connection string: {error.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
