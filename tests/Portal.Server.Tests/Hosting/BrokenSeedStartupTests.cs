using System.Diagnostics;
using Portal.Server.Tests.Simulation;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Hosting;

/// <summary>Runs the built server as its own process, as an operator would start it.</summary>
public class BrokenSeedStartupTests
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_host_refuses_to_start_on_a_broken_seed_naming_the_file_and_field()
    {
        using var copy = new SeedCopy();
        SeedValidationTests.Break(copy, "fleet.json", "revision");

        var (exitCode, standardError) = await RunServerAsync(copy.Directory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Portal cannot start", standardError, StringComparison.Ordinal);
        Assert.Contains("fleet.json", standardError, StringComparison.Ordinal);
        Assert.Contains("services[1].environments.prod.revision", standardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_refuses_to_start_without_a_seed_folder_naming_the_setting()
    {
        var missing = Path.Combine(Path.GetTempPath(), "portal-no-seed-" + Guid.NewGuid().ToString("N"));

        var (exitCode, standardError) = await RunServerAsync(missing);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Portal cannot start", standardError, StringComparison.Ordinal);
        Assert.Contains(missing, standardError, StringComparison.Ordinal);
        Assert.Contains("Simulation:SeedDirectory", standardError, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string StandardError)> RunServerAsync(string seedDirectory)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Portal.Server.dll");
        Assert.True(File.Exists(server), $"the server build is not beside the tests: {server}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(server);
        start.Environment["Simulation__SeedDirectory"] = seedDirectory;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

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
}
