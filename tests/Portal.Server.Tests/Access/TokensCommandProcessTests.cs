using System.Diagnostics;

namespace Portal.Server.Tests.Access;

/// <summary>The built server run as an operator runs it, to show the host hands <c>tokens</c> to the command.</summary>
public sealed class TokensCommandProcessTests : IDisposable
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(60);

    private readonly string _databaseDirectory = Path.Combine(Path.GetTempPath(), "portal-tokens-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_host_runs_the_command_on_a_new_database_and_prints_only_its_output()
    {
        var create = await RunAsync("tokens", "create", "--name", "ci", "--scope", "environments=dev", "--scope", "services=*", "--scope", "actions=deploy");
        var list = await RunAsync("tokens", "list");
        var bad = await RunAsync("tokens", "create", "--name", "cd");

        Assert.True(create.ExitCode == 0, create.StandardError);
        var lines = create.StandardOutput.TrimEnd().Split('\n');
        Assert.StartsWith("Created API token 'ci'", lines[0], StringComparison.Ordinal);
        Assert.Matches("^ptk_[A-Za-z0-9_-]{43}$", lines[^1]);
        Assert.True(list.ExitCode == 0, list.StandardError);
        Assert.Contains("environments=dev services=* actions=deploy", list.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--scope environments=... is missing", bad.StandardError, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_databaseDirectory))
        {
            Directory.Delete(_databaseDirectory, recursive: true);
        }
    }

    private async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] args)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Portal.Server.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(server);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__ConnectionString"] = "Data Source=" + Path.Combine(_databaseDirectory, "portal.db");

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
            Assert.Fail($"tokens {string.Join(' ', args)} was still running after {ExitWithin.TotalSeconds} s");
        }

        return (process.ExitCode, (await standardOutput).ReplaceLineEndings("\n"), await standardError);
    }
}
