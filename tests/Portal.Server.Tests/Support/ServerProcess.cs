using System.Diagnostics;

namespace Portal.Server.Tests.Support;

/// <summary>The built server run as its own process, as an operator would start it, for tests of how it refuses to start.</summary>
internal static class ServerProcess
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts Portal.Server.dll with the given environment and waits for it to exit. Unless the
    /// caller names a database, it gets a SQLite file of its own in a temporary folder.
    /// </summary>
    public static async Task<(int ExitCode, string StandardError)> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Portal.Server.dll");
        Assert.True(File.Exists(server), $"the server build is not beside the tests: {server}");
        var databaseDirectory = Path.Combine(Path.GetTempPath(), "portal-process-db-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(server);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__ConnectionString"] = "Data Source=" + Path.Combine(databaseDirectory, "portal.db");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(start)!;
            var standardError = process.StandardError.ReadToEndAsync();
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ExitWithin);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the server was still running after {ExitWithin.TotalSeconds} s; output: {await standardOutput}");
            }

            return (process.ExitCode, await standardError);
        }
        finally
        {
            if (Directory.Exists(databaseDirectory))
            {
                Directory.Delete(databaseDirectory, recursive: true);
            }
        }
    }
}
