namespace Portal.Server.Simulation.Seed;

// The raw objects of the simulated organization, as written in the seed JSON files beside this one.
// Property names follow the files (camelCase); the loader rejects unknown and missing members.

public sealed class OrganizationSeed
{
    public required AccountSeed Ops { get; init; }

    /// <summary>The role the portal's poller assumes in every environment for reads.</summary>
    public required string PortalReadRole { get; init; }

    public required List<EnvironmentSeed> Environments { get; init; }

    /// <summary>
    /// The hour of the simulated day (UTC, 0 to below 24) the world starts at, whatever the host's clock
    /// says: load curves run on the simulated clock from there, so the seeded story plays the same at any hour.
    /// </summary>
    public double StartsAtHour { get; init; } = 12;
}

public sealed class AccountSeed
{
    public required string AccountId { get; init; }

    public required string Region { get; init; }
}

public sealed class EnvironmentSeed
{
    public required string Name { get; init; }

    public required string AccountId { get; init; }

    public required string Region { get; init; }

    public required string Colour { get; init; }

    public bool Protected { get; init; }
}

public sealed class IdentitySeed
{
    /// <summary>Role name → IAM actions it allows ("ecs:Describe*", "*").</summary>
    public required Dictionary<string, List<string>> Roles { get; init; }

    public required List<UserSeed> Users { get; init; }
}

public sealed class UserSeed
{
    public required string UserName { get; init; }

    public required string DisplayName { get; init; }

    public required string Title { get; init; }

    /// <summary>The person's email, as Identity Center and the simulated chat workspace know it.</summary>
    public string? Email { get; init; }

    public required List<AssignmentSeed> Assignments { get; init; }
}

public sealed class AssignmentSeed
{
    public required string Environment { get; init; }

    public required string Role { get; init; }
}

public sealed class FleetSeed
{
    /// <summary>Cluster concerns; every environment gets a cluster "{environment}-{concern}" for each one used there.</summary>
    public required List<string> Clusters { get; init; }

    public required List<ServiceSeed> Services { get; init; }
}

public sealed class ServiceSeed
{
    public required string Name { get; init; }

    public required string Cluster { get; init; }

    public int Port { get; init; } = 8080;

    public string Cpu { get; init; } = "256";

    public string Memory { get; init; } = "512";

    /// <summary>FARGATE (awsvpc, Fargate's cpu/memory sizes) or EC2 (bridge networking on container instances).</summary>
    public string LaunchType { get; init; } = "FARGATE";

    /// <summary>X86_64 or ARM64, the task definition's runtime platform.</summary>
    public string CpuArchitecture { get; init; } = "X86_64";

    /// <summary>The source repository CI builds the image from.</summary>
    public required string Repository { get; init; }

    public Dictionary<string, string> Tags { get; init; } = [];

    public List<string> EnvironmentVariables { get; init; } = [];

    /// <summary>Secret environment variable → where ECS reads it from: "secretsmanager" or "ssm" (Parameter Store).</summary>
    public Dictionary<string, string> Secrets { get; init; } = [];

    /// <summary>A non-essential sidecar started before the service's container: "log-router" (FireLens) or "datadog-agent".</summary>
    public string? Sidecar { get; init; }

    /// <summary>The path the container's health check requests.</summary>
    public string HealthCheckPath { get; init; } = "/health";

    /// <summary>Commit messages of the revisions, oldest first; revision N is the Nth entry.</summary>
    public required List<string> History { get; init; }

    public required ProfileSeed Profile { get; init; }

    /// <summary>Environment name → how the service runs there.</summary>
    public required Dictionary<string, PlacementSeed> Environments { get; init; }
}

public sealed class ProfileSeed
{
    /// <summary>Typical CPU utilisation, percent.</summary>
    public required double Cpu { get; init; }

    /// <summary>Typical memory utilisation, percent.</summary>
    public required double Memory { get; init; }

    /// <summary>A flat profile has no daily rhythm (batch-like or saturated services).</summary>
    public bool Flat { get; init; }
}

public sealed class PlacementSeed
{
    public required int Desired { get; init; }

    public required int Revision { get; init; }

    /// <summary>Overrides the profile's CPU in this environment.</summary>
    public double? Cpu { get; init; }

    /// <summary>Overrides the profile's memory in this environment.</summary>
    public double? Memory { get; init; }

    /// <summary>
    /// "rollout": a rollout to the newest revision started a minute before the world begins.
    /// "placement-stuck": a rollout that cannot place one of its tasks for lack of memory.
    /// </summary>
    public string? Scenario { get; init; }
}

public sealed class BuildSeed
{
    public required string Service { get; init; }

    public required string Tag { get; init; }

    public required string Message { get; init; }

    public required string Author { get; init; }

    public required double MinutesAgo { get; init; }

    /// <summary>The files the build's commits changed, announced with it (a markdown site's pages).</summary>
    public List<string> ChangedFiles { get; init; } = [];

    /// <summary>A faulty build's tasks fail their health checks.</summary>
    public bool Faulty { get; init; }

    /// <summary>How much more CPU the build uses than its predecessor (1 = the same).</summary>
    public double CpuFactor { get; init; } = 1;

    /// <summary>When set, CI deploys the build to that environment this many minutes after the world begins.</summary>
    public AutoDeploySeed? AutoDeploy { get; init; }
}

public sealed class AutoDeploySeed
{
    public required string Environment { get; init; }

    public required double AfterMinutes { get; init; }
}

/// <summary>Everything the seed files hold, validated.</summary>
public sealed record OrganizationSeedSet(
    OrganizationSeed Organization,
    IdentitySeed Identity,
    FleetSeed Fleet,
    IReadOnlyList<BuildSeed> Builds);
