using Portal.Server.Tests.Simulation;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Hosting;

/// <summary>Runs the built server as its own process, as an operator would start it.</summary>
public class BrokenSeedStartupTests
{
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

    private static Task<(int ExitCode, string StandardError)> RunServerAsync(string seedDirectory) =>
        ServerProcess.RunUntilExitAsync(new Dictionary<string, string> { ["Simulation__SeedDirectory"] = seedDirectory });
}
