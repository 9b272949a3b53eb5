using System.Text.Json.Nodes;
using Portal.Server.Simulation.Seed;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

public class SeedValidationTests
{
    public static TheoryData<string, string, string[]> Breakages => new()
    {
        // file, breakage, what the message must name besides the file
        { "fleet.json", "revision", ["services[1].environments.prod.revision", "999"] },
        { "organization.json", "colour", ["environments[2].colour", "green, amber, red, blue"] },
        { "fleet.json", "missing-member", ["$.services[0]", "'repository'"] },
        { "builds.json", "unknown-member", ["$[0].colour"] },
        { "identity.json", "role", ["users[1].assignments[0].role", "'Superuser'"] },
        { "fleet.json", "scenario", ["services[3].environments.stage.scenario"] },
        { "builds.json", "auto-deploy", ["[1].autoDeploy.environment", "'qa'"] },
        { "organization.json", "not-json", ["$.ops"] },
        { "fleet.json", "fargate-size", ["services[2].memory", "512 CPU with 512 memory"] },
        { "fleet.json", "secret-store", ["services[0].secrets.DB_PASSWORD", "secretsmanager, ssm"] },
        { "fleet.json", "sidecar", ["services[4].sidecar", "log-router, datadog-agent"] },
    };

    [Fact]
    public void The_real_seed_is_valid()
    {
        var seed = SeedLoader.Load(Seeds.RealSeedDirectory);

        Assert.Equal(["dev", "stage", "prod"], seed.Organization.Environments.Select(e => e.Name));
        Assert.True(seed.Fleet.Services.Count(s => s.Environments.ContainsKey("prod")) >= 25);
    }

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_broken_seed_names_the_file_and_the_field(string file, string breakage, string[] fragments)
    {
        using var copy = new SeedCopy();
        Break(copy, file, breakage);

        var error = Assert.Throws<SeedException>(() => SeedLoader.Load(copy.Directory));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.All(fragments, fragment => Assert.Contains(fragment, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_seed_file_is_named()
    {
        using var copy = new SeedCopy();
        File.Delete(Path.Combine(copy.Directory, SeedLoader.BuildsFile));

        var error = Assert.Throws<SeedException>(() => SeedLoader.Load(copy.Directory));

        Assert.Contains("builds.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var copy = new SeedCopy();
        Break(copy, "fleet.json", "revision");
        Break(copy, "organization.json", "colour");

        var error = Assert.Throws<SeedException>(() => SeedLoader.Load(copy.Directory));

        Assert.Contains("fleet.json: services[1].environments.prod.revision 999 is not one of the 12 revisions in history", error.Message, StringComparison.Ordinal);
        Assert.Contains("organization.json: environments[2].colour must be one of", error.Message, StringComparison.Ordinal);
    }

    internal static void Break(SeedCopy copy, string file, string breakage)
    {
        if (breakage == "not-json")
        {
            File.WriteAllText(Path.Combine(copy.Directory, file), "{ \"ops\": ");
            return;
        }

        copy.Edit(file, root => Break(root, breakage));
    }

    private static void Break(JsonNode root, string breakage)
    {
        switch (breakage)
        {
            case "revision":
                root["services"]![1]!["environments"]!["prod"]!["revision"] = 999;
                break;
            case "colour":
                root["environments"]![2]!["colour"] = "purple";
                break;
            case "missing-member":
                root["services"]![0]!.AsObject().Remove("repository");
                break;
            case "unknown-member":
                root[0]!["colour"] = "blue";
                break;
            case "role":
                root["users"]![1]!["assignments"]![0]!["role"] = "Superuser";
                break;
            case "scenario":
                root["services"]![3]!["environments"]!["stage"]!["scenario"] = "meltdown";
                break;
            case "auto-deploy":
                root[1]!["autoDeploy"]!["environment"] = "qa";
                break;
            case "fargate-size":
                root["services"]![2]!["memory"] = "512";
                break;
            case "secret-store":
                root["services"]![0]!["secrets"]!["DB_PASSWORD"] = "vault";
                break;
            case "sidecar":
                root["services"]![4]!["sidecar"] = "envoy";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(breakage), breakage, null);
        }
    }
}
