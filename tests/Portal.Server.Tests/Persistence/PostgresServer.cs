using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Portal.Server.Tests.Persistence;

/// <summary>
/// A throwaway PostgreSQL server for the tests of one collection: initdb into a temporary folder,
/// started on a free loopback port, stopped and deleted at the end. PostgreSQL refuses to run as
/// root, so as root the server runs as the <c>postgres</c> user (runuser). Without the server
/// binaries every PostgreSQL test fails and says how to install them; none passes silently.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string InstallHint =
        "The PostgreSQL tests need the PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin/initdb and pg_ctl, or a folder named by PORTAL_TEST_POSTGRES_BIN), which are not installed. "
        + "Install them with `apt-get install -y postgresql` (./test.sh does this when it runs as root or with password-less sudo).";

    private const string ServerUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly ConcurrentDictionary<string, Lazy<Task<PostgresTestDatabase>>> _databases = new(StringComparer.Ordinal);
    private string? _binaries;
    private string? _root;
    private bool _running;
    private bool _asServerUser;

    public int Port { get; private set; }

    /// <summary>The server's maintenance database, as the portal's superuser.</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        _asServerUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        _root = Directory.CreateTempSubdirectory("portal-pg-").FullName;
        if (_asServerUser)
        {
            await RunAsync("chown", [$"{ServerUser}:", _root], asServerUser: false);
        }

        await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", DataDirectory, "-A", "trust", "-U", "portal", "-E", "UTF8", "--no-locale", "--no-sync"], _asServerUser);

        // A free port can be taken by someone else between the probe and the start: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await RunAsync(Path.Combine(_binaries, "pg_ctl"), [
                    "start", "-w", "-t", "60", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"),
                    "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                ], _asServerUser);
                _running = true;
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await Task.Delay(200);
            }
        }

        AppDomain.CurrentDomain.ProcessExit += StopOnExit;
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "portal",
        Database = database,
    }.ToString();

    /// <summary>The database of one test class, created on first use (empty; the tests migrate it).</summary>
    public Task<PostgresTestDatabase> DatabaseForAsync(Type testClass) =>
        _databases.GetOrAdd(testClass.Name, name => new Lazy<Task<PostgresTestDatabase>>(() => CreateDatabaseAsync(name))).Value;

    /// <summary>A new, empty database with a unique name.</summary>
    public async Task<PostgresTestDatabase> CreateDatabaseAsync(string hint)
    {
        var name = UniqueName(hint);
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
#pragma warning disable CA2100 // The name is made here of [a-z0-9_] only.
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
#pragma warning restore CA2100
        await create.ExecuteNonQueryAsync();
        return new PostgresTestDatabase(ConnectionStringFor(name));
    }

    /// <summary>A database name no one has created: for tests that let the portal create it.</summary>
    public PostgresTestDatabase NotYetCreatedDatabase(string hint) => new(ConnectionStringFor(UniqueName(hint)));

    public async Task DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= StopOnExit;
        NpgsqlConnection.ClearAllPools();
        await StopAsync();
    }

    private string DataDirectory => Path.Combine(_root!, "data");

    /// <summary>PORTAL_TEST_POSTGRES_BIN when set (a folder holding initdb and pg_ctl), else Debian's newest /usr/lib/postgresql/*/bin.</summary>
    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb")) && File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        const string installed = "/usr/lib/postgresql";
        if (!Directory.Exists(installed))
        {
            return null;
        }

        return Directory.GetDirectories(installed)
            .Select(version => Path.Combine(version, "bin"))
            .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
            .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string UniqueName(string hint)
    {
        var cleaned = new string(hint.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')).Take(40).ToArray());
        return $"portal_{cleaned}_{Guid.NewGuid().ToString("N")[..8]}";
    }

    private async Task StopAsync()
    {
        if (_running)
        {
            _running = false;
            await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["stop", "-w", "-t", "60", "-m", "immediate", "-D", DataDirectory], _asServerUser);
        }

        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void StopOnExit(object? sender, EventArgs e) => StopAsync().GetAwaiter().GetResult();

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser)
    {
        var start = new ProcessStartInfo(asServerUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root ?? Path.GetTempPath(),
        };
        if (asServerUser)
        {
            foreach (var part in new[] { "-u", ServerUser, "--", program })
            {
                start.ArgumentList.Add(part);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            var log = _root is not null && File.Exists(Path.Combine(_root, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(_root, "server.log")) : string.Empty;
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}{log}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
