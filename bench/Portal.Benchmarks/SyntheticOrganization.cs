using System.Globalization;
using System.Text.Json;
using Portal.Server.Simulation.Seed;

namespace Portal.Benchmarks;

/// <summary>
/// A large organization built in code: every environment runs the same services, spread evenly over
/// the same cluster concerns. Deterministic (derived from the service index only), with a sprinkle
/// of hot services, rollouts and a stuck placement so health evaluation has work to do.
/// </summary>
internal static class SyntheticOrganization
{
    public const string PortalReadRole = "PortalReadOnly";

    private static readonly string[] EnvironmentNames = ["dev", "stage", "prod"];
    private static readonly string[] Colours = ["green", "amber", "red", "blue"];
    private static readonly string[] Concerns = ["api", "app", "worker", "batch", "edge", "data", "ml", "ops"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static OrganizationSeedSet Build(int environments, int clustersPerEnvironment, int servicesPerCluster)
    {
        if (environments is < 1 or > 3 || clustersPerEnvironment is < 1 or > 8 || servicesPerCluster < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(environments), "Between 1 and 3 environments, 1 and 8 clusters, and at least 1 service per cluster.");
        }

        var environmentNames = EnvironmentNames[..environments];
        var organization = new OrganizationSeed
        {
            Ops = new AccountSeed { AccountId = "900000000000", Region = "eu-west-1" },
            PortalReadRole = PortalReadRole,
            Environments = environmentNames.Select((name, e) => new EnvironmentSeed
            {
                Name = name,
                AccountId = string.Create(CultureInfo.InvariantCulture, $"90000000000{e + 1}"),
                Region = "eu-west-1",
                Colour = Colours[e],
                Protected = name == "prod",
            }).ToList(),
        };

        List<string> readActions = ["ecs:Describe*", "ecs:List*", "cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms", "elasticloadbalancing:DescribeTargetHealth"];
        var identity = new IdentitySeed
        {
            Roles = new Dictionary<string, List<string>>(StringComparer.Ordinal)
            {
                [PortalReadRole] = readActions,
                ["ReadOnly"] = readActions,
                ["Deployer"] = [.. readActions, "ecs:RegisterTaskDefinition", "ecs:UpdateService", "iam:PassRole"],
                ["Administrator"] = ["*"],
            },
            Users =
            [
                new UserSeed
                {
                    UserName = "bench",
                    DisplayName = "Benchmark User",
                    Title = "Reads everything",
                    Assignments = environmentNames.Select(name => new AssignmentSeed { Environment = name, Role = "ReadOnly" }).ToList(),
                },
            ],
        };

        var concerns = Concerns[..clustersPerEnvironment];
        var services = new List<ServiceSeed>(clustersPerEnvironment * servicesPerCluster);
        for (var i = 0; i < clustersPerEnvironment * servicesPerCluster; i++)
        {
            services.Add(Service(i, concerns[i / servicesPerCluster], environmentNames));
        }

        return new OrganizationSeedSet(organization, identity, new FleetSeed { Clusters = [.. concerns], Services = services }, []);
    }

    /// <summary>Writes the seed as the four seed files and reads it back through the loader, so it passes the shipped seed's validation.</summary>
    public static OrganizationSeedSet RoundTrip(OrganizationSeedSet seed)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portal-bench-seed-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, SeedLoader.OrganizationFile), JsonSerializer.Serialize(seed.Organization, Json));
            File.WriteAllText(Path.Combine(directory, SeedLoader.IdentityFile), JsonSerializer.Serialize(seed.Identity, Json));
            File.WriteAllText(Path.Combine(directory, SeedLoader.FleetFile), JsonSerializer.Serialize(seed.Fleet, Json));
            File.WriteAllText(Path.Combine(directory, SeedLoader.BuildsFile), JsonSerializer.Serialize(seed.Builds, Json));
            return SeedLoader.Load(directory);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ServiceSeed Service(int i, string concern, string[] environmentNames)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{concern}-svc-{i:D4}");
        var revisions = 3 + (i % 4);
        var hot = i % 50 == 7;
        var placements = new Dictionary<string, PlacementSeed>(StringComparer.Ordinal);
        for (var e = 0; e < environmentNames.Length; e++)
        {
            placements[environmentNames[e]] = Placement(i, e, revisions);
        }

        return new ServiceSeed
        {
            Name = name,
            Cluster = concern,
            Repository = "github.com/acme/" + name,
            Tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["team"] = concern, ["tier"] = i % 3 == 0 ? "critical" : "standard" },
            EnvironmentVariables = ["ASPNETCORE_ENVIRONMENT", "LOG_LEVEL", "DB_HOST"],
            History = Enumerable.Range(1, revisions).Select(r => string.Create(CultureInfo.InvariantCulture, $"Change {r} to {name}")).ToList(),
            Profile = new ProfileSeed
            {
                Cpu = hot ? 93 : 15 + ((i * 37) % 50),
                Memory = 25 + ((i * 53) % 45),
                Flat = hot || i % 10 == 3,
            },
            Environments = placements,
        };
    }

    /// <summary>dev runs the newest revision, later environments trail by up to two; a few services roll out or cannot place a task.</summary>
    private static PlacementSeed Placement(int i, int environmentIndex, int revisions)
    {
        string? scenario = (environmentIndex, i % 100) switch
        {
            (0, 11) => "rollout",
            (1, 42) => "placement-stuck",
            _ => null,
        };
        var revision = scenario is null ? Math.Max(1, revisions - ((i + environmentIndex) % (environmentIndex + 1))) : revisions - 1;
        return new PlacementSeed
        {
            Desired = environmentIndex == 0 ? 1 : 2 + (i % 3),
            Revision = revision,
            Scenario = scenario,
        };
    }
}
