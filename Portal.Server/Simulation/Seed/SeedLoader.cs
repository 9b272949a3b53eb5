using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation.Seed;

/// <summary>A seed file that cannot be read; the message names the file and the field.</summary>
public sealed class SeedException(string message) : Exception(message);

/// <summary>Reads and validates the seed files of the simulated organization.</summary>
public static partial class SeedLoader
{
    public const string OrganizationFile = "organization.json";
    public const string IdentityFile = "identity.json";
    public const string FleetFile = "fleet.json";
    public const string BuildsFile = "builds.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] Colours = ["green", "amber", "red", "blue"];
    private static readonly string[] Scenarios = ["rollout", "placement-stuck"];
    private static readonly string[] LaunchTypes = ["FARGATE", "EC2"];
    private static readonly string[] CpuArchitectures = ["X86_64", "ARM64"];
    private static readonly string[] SecretStores = ["secretsmanager", "ssm"];
    private static readonly string[] Sidecars = ["log-router", "datadog-agent"];

    public static OrganizationSeedSet Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new SeedException($"Seed directory '{directory}' does not exist (setting Simulation:SeedDirectory).");
        }

        var organization = Read<OrganizationSeed>(directory, OrganizationFile);
        var identity = Read<IdentitySeed>(directory, IdentityFile);
        var fleet = Read<FleetSeed>(directory, FleetFile);
        var builds = Read<List<BuildSeed>>(directory, BuildsFile);
        var set = new OrganizationSeedSet(organization, identity, fleet, builds);
        Validate(set);
        return set;
    }

    private static T Read<T>(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new SeedException($"Seed file '{file}' is missing from '{directory}'.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<T>(stream, Options)
                ?? throw new SeedException($"Seed file '{file}' is empty.");
        }
        catch (JsonException error)
        {
            throw new SeedException($"Seed file '{file}' is invalid at {error.Path ?? "$"}: {error.Message}");
        }
    }

    private static void Validate(OrganizationSeedSet seed)
    {
        var errors = new List<string>();
        ValidateOrganization(seed.Organization, errors);
        var environments = seed.Organization.Environments.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        ValidateIdentity(seed.Identity, environments, seed.Organization.PortalReadRole, errors);
        ValidateFleet(seed.Fleet, environments, errors);
        ValidateBuilds(seed.Builds, seed.Fleet, environments, errors);
        if (errors.Count > 0)
        {
            throw new SeedException("Seed is invalid: " + string.Join("; ", errors));
        }
    }

    private static void ValidateOrganization(OrganizationSeed organization, List<string> errors)
    {
        Require(AccountId().IsMatch(organization.Ops.AccountId), errors, OrganizationFile, "ops.accountId", "must be 12 digits");
        Require(organization.Environments.Count > 0, errors, OrganizationFile, "environments", "must list at least one environment");
        Require(organization.StartsAtHour is >= 0 and < 24, errors, OrganizationFile, "startsAtHour", "must be an hour of the day, from 0 to below 24");
        for (var i = 0; i < organization.Environments.Count; i++)
        {
            var environment = organization.Environments[i];
            var at = $"environments[{i}]";
            Require(EnvironmentName().IsMatch(environment.Name), errors, OrganizationFile, $"{at}.name", "must be lower-case letters, digits or '-'");
            Require(AccountId().IsMatch(environment.AccountId), errors, OrganizationFile, $"{at}.accountId", "must be 12 digits");
            Require(Colours.Contains(environment.Colour), errors, OrganizationFile, $"{at}.colour", $"must be one of {string.Join(", ", Colours)}");
            Require(environment.Region.Length > 0, errors, OrganizationFile, $"{at}.region", "is required");
        }

        Require(organization.Environments.Select(e => e.Name).Distinct().Count() == organization.Environments.Count,
            errors, OrganizationFile, "environments", "names must be unique");
    }

    private static void ValidateIdentity(IdentitySeed identity, HashSet<string> environments, string portalReadRole, List<string> errors)
    {
        Require(identity.Roles.ContainsKey(portalReadRole), errors, IdentityFile, "roles", $"must define the portal's read role '{portalReadRole}'");
        for (var u = 0; u < identity.Users.Count; u++)
        {
            var user = identity.Users[u];
            for (var a = 0; a < user.Assignments.Count; a++)
            {
                var assignment = user.Assignments[a];
                var at = $"users[{u}].assignments[{a}]";
                Require(environments.Contains(assignment.Environment) || assignment.Environment == "ops",
                    errors, IdentityFile, $"{at}.environment", $"'{assignment.Environment}' is not an environment");
                Require(identity.Roles.ContainsKey(assignment.Role), errors, IdentityFile, $"{at}.role", $"'{assignment.Role}' is not a defined role");
            }
        }
    }

    private static void ValidateFleet(FleetSeed fleet, HashSet<string> environments, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < fleet.Services.Count; s++)
        {
            var service = fleet.Services[s];
            var at = $"services[{s}]";
            Require(names.Add(service.Name), errors, FleetFile, $"{at}.name", $"'{service.Name}' is listed twice");
            Require(fleet.Clusters.Contains(service.Cluster), errors, FleetFile, $"{at}.cluster", $"'{service.Cluster}' is not in clusters");
            Require(service.History.Count > 0, errors, FleetFile, $"{at}.history", "must hold at least one revision");
            Require(service.Profile.Cpu is >= 0 and <= 100, errors, FleetFile, $"{at}.profile.cpu", "must be a percentage");
            Require(service.Profile.Memory is >= 0 and <= 100, errors, FleetFile, $"{at}.profile.memory", "must be a percentage");
            ValidateTaskDefinition(service, at, errors);
            foreach (var (environment, placement) in service.Environments)
            {
                var where = $"{at}.environments.{environment}";
                Require(environments.Contains(environment), errors, FleetFile, where, $"'{environment}' is not an environment");
                Require(placement.Desired >= 0, errors, FleetFile, $"{where}.desired", "must not be negative");
                Require(placement.Revision >= 1 && placement.Revision <= service.History.Count, errors, FleetFile, $"{where}.revision",
                    string.Create(CultureInfo.InvariantCulture, $"{placement.Revision} is not one of the {service.History.Count} revisions in history"));
                Require(placement.Scenario is null || Scenarios.Contains(placement.Scenario), errors, FleetFile, $"{where}.scenario",
                    $"must be one of {string.Join(", ", Scenarios)}");
                Require(placement.Scenario is null || placement.Revision < service.History.Count, errors, FleetFile, $"{where}.scenario",
                    "a rollout needs a newer revision than the running one");
            }
        }
    }

    private static void ValidateTaskDefinition(ServiceSeed service, string at, List<string> errors)
    {
        Require(LaunchTypes.Contains(service.LaunchType), errors, FleetFile, $"{at}.launchType", $"must be one of {string.Join(", ", LaunchTypes)}");
        Require(CpuArchitectures.Contains(service.CpuArchitecture), errors, FleetFile, $"{at}.cpuArchitecture", $"must be one of {string.Join(", ", CpuArchitectures)}");
        Require(service.LaunchType != "FARGATE" || FargateSizes.IsValid(service.Cpu, service.Memory), errors, FleetFile, $"{at}.memory",
            $"{service.Cpu} CPU with {service.Memory} memory is not a size Fargate offers");
        Require(service.Sidecar is null || Sidecars.Contains(service.Sidecar), errors, FleetFile, $"{at}.sidecar", $"must be one of {string.Join(", ", Sidecars)}");
        foreach (var (name, store) in service.Secrets)
        {
            Require(SecretStores.Contains(store), errors, FleetFile, $"{at}.secrets.{name}", $"must be one of {string.Join(", ", SecretStores)}");
        }
    }

    private static void ValidateBuilds(IReadOnlyList<BuildSeed> builds, FleetSeed fleet, HashSet<string> environments, List<string> errors)
    {
        var services = fleet.Services.ToDictionary(s => s.Name, StringComparer.Ordinal);
        for (var b = 0; b < builds.Count; b++)
        {
            var build = builds[b];
            var at = $"[{b}]";
            Require(services.ContainsKey(build.Service), errors, BuildsFile, $"{at}.service", $"'{build.Service}' is not a service in {FleetFile}");
            Require(CommitTag().IsMatch(build.Tag), errors, BuildsFile, $"{at}.tag", "must be a 7 to 40 character commit hash");
            Require(build.CpuFactor > 0, errors, BuildsFile, $"{at}.cpuFactor", "must be positive");
            if (build.AutoDeploy is { } autoDeploy)
            {
                Require(environments.Contains(autoDeploy.Environment), errors, BuildsFile, $"{at}.autoDeploy.environment", $"'{autoDeploy.Environment}' is not an environment");
                Require(services.TryGetValue(build.Service, out var service) && service.Environments.ContainsKey(autoDeploy.Environment),
                    errors, BuildsFile, $"{at}.autoDeploy.environment", $"'{build.Service}' does not run in '{autoDeploy.Environment}'");
            }
        }
    }

    private static void Require(bool condition, List<string> errors, string file, string field, string problem)
    {
        if (!condition)
        {
            errors.Add($"{file}: {field} {problem}");
        }
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial Regex CommitTag();
}
