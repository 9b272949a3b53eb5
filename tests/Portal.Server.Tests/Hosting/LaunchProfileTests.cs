using System.Text.Json;

namespace Portal.Server.Tests.Hosting;

/// <summary>`dotnet run` must not turn a Production start into a Development one.</summary>
public class LaunchProfileTests
{
    [Fact]
    public void The_launch_profile_never_overrides_the_environment_an_operator_sets()
    {
        var file = Path.Combine(RepositoryRoot(), "Portal.Server", "Properties", "launchSettings.json");
        using var settings = JsonDocument.Parse(File.ReadAllText(file));

        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
        {
            if (!profile.Value.TryGetProperty("environmentVariables", out var variables))
            {
                continue;
            }

            // ASPNETCORE_ENVIRONMENT set by the profile beats the operator's; DOTNET_ENVIRONMENT yields to theirs.
            Assert.False(variables.TryGetProperty("ASPNETCORE_ENVIRONMENT", out _), $"profile {profile.Name} forces ASPNETCORE_ENVIRONMENT");
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Portal.sln is not above " + AppContext.BaseDirectory);
    }
}
