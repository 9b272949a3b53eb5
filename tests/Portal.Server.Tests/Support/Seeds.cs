using Portal.Server.Simulation.Seed;

namespace Portal.Server.Tests.Support;

/// <summary>The real seed shipped with the server, and small synthetic ones built in code.</summary>
internal static class Seeds
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public const string Region = "eu-west-1";
    public const string DevAccount = "318274650192";
    public const string StageAccount = "427381920374";
    public const string ProdAccount = "536492031845";
    public const string PortalReadRole = "PortalReadOnly";

    private static readonly Lazy<OrganizationSeedSet> RealSeed = new(() => SeedLoader.Load(RealSeedDirectory));

    /// <summary>The seed folder of Portal.Server: the build copies it beside the tests; else it is found from the repository root.</summary>
    public static string RealSeedDirectory
    {
        get
        {
            var copied = Path.Combine(AppContext.BaseDirectory, "Simulation", "Seed");
            if (File.Exists(Path.Combine(copied, SeedLoader.FleetFile)))
            {
                return copied;
            }

            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Portal.sln")))
                {
                    return Path.Combine(directory.FullName, "Portal.Server", "Simulation", "Seed");
                }
            }

            throw new InvalidOperationException("Cannot find the seed folder of Portal.Server from " + AppContext.BaseDirectory);
        }
    }

    public static OrganizationSeedSet Real => RealSeed.Value;

    /// <summary>One environment ("dev") whose clusters hold the given numbers of services, each with two revisions.</summary>
    public static OrganizationSeedSet Synthetic(params int[] servicesPerCluster)
    {
        var clusters = Enumerable.Range(0, servicesPerCluster.Length).Select(i => $"c{i}").ToList();
        var services = servicesPerCluster
            .SelectMany((count, cluster) => Enumerable.Range(0, count).Select(i => Service($"svc-{cluster}-{i:000}", clusters[cluster])))
            .ToList();
        return new OrganizationSeedSet(
            new OrganizationSeed
            {
                Ops = new AccountSeed { AccountId = "210987654321", Region = Region },
                PortalReadRole = PortalReadRole,
                Environments = [new EnvironmentSeed { Name = "dev", AccountId = DevAccount, Region = Region, Colour = "green" }],
            },
            new IdentitySeed
            {
                Roles = new Dictionary<string, List<string>>
                {
                    [PortalReadRole] = ["ecs:Describe*", "ecs:List*", "cloudwatch:GetMetricData", "cloudwatch:DescribeAlarms", "elasticloadbalancing:DescribeTargetHealth"],
                },
                Users = [],
            },
            new FleetSeed { Clusters = clusters, Services = services },
            []);
    }

    private static ServiceSeed Service(string name, string cluster) => new()
    {
        Name = name,
        Cluster = cluster,
        Repository = "github.com/acme/" + name,
        History = ["Initial service skeleton", "Add health check endpoint"],
        Profile = new ProfileSeed { Cpu = 30, Memory = 40 },
        Environments = new Dictionary<string, PlacementSeed> { ["dev"] = new() { Desired = 1, Revision = 2 } },
    };
}
