using System.Globalization;
using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// What ECS checks of a task definition for Fargate, with ECS's own words: at registration when
/// <c>requiresCompatibilities</c> names FARGATE, and at UpdateService of a Fargate service. A revision
/// registered without FARGATE is EC2-only (its <c>compatibilities</c> lack FARGATE), which is what
/// UpdateService of a Fargate service refuses.
/// </summary>
public static class FakeFargateRules
{
    public const string NotFargateCompatible = "Task definition does not support launch_type FARGATE.";

    /// <summary>Task memory (MiB) allowed per task CPU (units), from the ECS developer guide's "Task size" table.</summary>
    private static readonly Dictionary<int, (int From, int To, int Step)> Sizes = new()
    {
        [256] = (512, 2048, 512),
        [512] = (1024, 4096, 1024),
        [1024] = (2048, 8192, 1024),
        [2048] = (4096, 16384, 1024),
        [4096] = (8192, 30720, 1024),
        [8192] = (16384, 61440, 4096),
        [16384] = (32768, 122880, 8192),
    };

    /// <summary>ECS's ClientException message when a registration asking for FARGATE does not fit it; null when it fits.</summary>
    public static string? RegistrationProblem(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Requires(definition, "FARGATE"))
        {
            return null;
        }

        if (definition["networkMode"]?.GetValue<string>() != "awsvpc")
        {
            return "Fargate only supports network mode \u2018awsvpc\u2019.";
        }

        if (definition["cpu"] is null)
        {
            return "Fargate requires that 'cpu' be defined at the task level.";
        }

        if (definition["memory"] is null)
        {
            return "Fargate requires that 'memory' be defined at the task level.";
        }

        var cpu = CpuUnits(definition["cpu"]!.GetValue<string>());
        var memory = MemoryMiB(definition["memory"]!.GetValue<string>());
        if (cpu is null || memory is null || !Sizes.TryGetValue(cpu.Value, out var range) || memory < range.From || memory > range.To || (memory - range.From) % range.Step != 0)
        {
            return $"No Fargate configuration exists for given values: {definition["cpu"]} CPU, {definition["memory"]} memory. See the Amazon ECS documentation for the valid values.";
        }

        var hasExecutionRole = definition["executionRoleArn"] is not null;
        var containers = Containers(definition).ToList();
        if (!hasExecutionRole && containers.Any(c => c["logConfiguration"]?["logDriver"]?.GetValue<string>() == "awslogs"))
        {
            return "Fargate requires task definition to have execution role ARN to support log driver awslogs.";
        }

        if (!hasExecutionRole && containers.Any(c => IsEcrImage(c["image"]?.GetValue<string>())))
        {
            return "Fargate requires task definition to have execution role ARN to support ECR images.";
        }

        if (definition["ipcMode"] is not null)
        {
            return "Tasks using the Fargate launch type do not support ipcMode.";
        }

        return containers.Any(c => c["hostname"] is not null) ? "hostname is not supported on container when networkMode=awsvpc." : null;
    }

    /// <summary>ECS's ClientException for a container that says nothing about memory when the task does not either; null when fine.</summary>
    public static string? MemoryProblem(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition["memory"] is not null)
        {
            return null;
        }

        var bare = Containers(definition).FirstOrDefault(c => c["memory"] is null && c["memoryReservation"] is null);
        return bare is null ? null : $"Invalid setting for container '{bare["name"]}'. At least one of 'memory' or 'memoryReservation' must be specified.";
    }

    /// <summary>What ECS reports as <c>compatibilities</c>: EC2 always, and every other launch type the registration asked for.</summary>
    public static JsonArray Compatibilities(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var compatibilities = new List<string> { "EC2" };
        foreach (var extra in new[] { "FARGATE", "EXTERNAL", "MANAGED_INSTANCES" })
        {
            if (Requires(definition, extra))
            {
                compatibilities.Add(extra);
            }
        }

        return new JsonArray(compatibilities.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
    }

    /// <summary>The container-agent capabilities the revision needs, as ECS lists them in <c>requiresAttributes</c>.</summary>
    public static JsonArray RequiresAttributes(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var names = new SortedSet<string>(StringComparer.Ordinal) { "com.amazonaws.ecs.capability.docker-remote-api.1.18" };
        var hasExecutionRole = definition["executionRoleArn"] is not null;
        Add(definition["networkMode"]?.GetValue<string>() == "awsvpc", "ecs.capability.task-eni");
        Add(definition["taskRoleArn"] is not null, "com.amazonaws.ecs.capability.task-iam-role");
        foreach (var container in Containers(definition))
        {
            var awslogs = container["logConfiguration"]?["logDriver"]?.GetValue<string>() == "awslogs";
            Add(awslogs, "com.amazonaws.ecs.capability.logging-driver.awslogs");
            Add(awslogs && hasExecutionRole, "ecs.capability.execution-role-awslogs");
            var ecr = IsEcrImage(container["image"]?.GetValue<string>());
            Add(ecr, "com.amazonaws.ecs.capability.ecr-auth");
            Add(ecr && hasExecutionRole, "ecs.capability.execution-role-ecr-pull");
            var secrets = container["secrets"]?.AsArray().Select(s => s!["valueFrom"]!.GetValue<string>()).ToList() ?? [];
            Add(secrets.Any(s => s.Contains(":secretsmanager:", StringComparison.Ordinal)), "ecs.capability.secrets.asm.environment-variables");
            Add(secrets.Any(s => s.Contains(":ssm:", StringComparison.Ordinal)), "ecs.capability.secrets.ssm.environment-variables");
            Add(container["healthCheck"] is not null, "ecs.capability.container-health-check");
            Add(container["dependsOn"] is not null, "ecs.capability.container-ordering");
            Add(container["firelensConfiguration"]?["type"]?.GetValue<string>() == "fluentbit", "ecs.capability.firelens.fluentbit");
            Add(container["dockerLabels"] is not null, "com.amazonaws.ecs.capability.docker-remote-api.1.18");
        }

        return new JsonArray(names.Select(n => (JsonNode?)new JsonObject { ["name"] = n }).ToArray());

        void Add(bool needed, string name)
        {
            if (needed)
            {
                names.Add(name);
            }
        }
    }

    /// <summary>Whether a registered revision can run as a task of a service of this launch type.</summary>
    public static bool Supports(JsonObject registered, string launchType)
    {
        ArgumentNullException.ThrowIfNull(registered);
        return registered["compatibilities"]?.AsArray().Any(c => c!.GetValue<string>() == launchType) == true;
    }

    /// <summary>"1024", "1 vCPU", "0.5 vcpu" → CPU units.</summary>
    private static int? CpuUnits(string text) => Units(text, "vcpu");

    /// <summary>"2048", "2 GB", "0.5gb" → MiB.</summary>
    private static int? MemoryMiB(string text) => Units(text, "gb");

    private static int? Units(string text, string unit)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed.EndsWith(unit, StringComparison.Ordinal))
        {
            return decimal.TryParse(trimmed[..^unit.Length].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var count) ? (int)(count * 1024) : null;
        }

        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var units) ? units : null;
    }

    private static bool Requires(JsonObject definition, string launchType) =>
        definition["requiresCompatibilities"]?.AsArray().Any(c => c!.GetValue<string>() == launchType) == true;

    private static IEnumerable<JsonObject> Containers(JsonObject definition) =>
        definition["containerDefinitions"]?.AsArray().OfType<JsonObject>() ?? [];

    private static bool IsEcrImage(string? image) =>
        image is not null && image.Contains(".dkr.ecr.", StringComparison.Ordinal) && image.Contains(".amazonaws.com", StringComparison.Ordinal);
}
