using System.Text.Json.Nodes;

namespace Portal.Server.Simulation.World;

/// <summary>
/// What ECS checks when a task definition is registered and when a service is moved to one, with ECS's own
/// wording: Fargate takes only awsvpc, a valid task size and an execution role for ECR images, logs and secrets.
/// </summary>
internal static class TaskDefinitionRules
{
    public const string Fargate = "FARGATE";
    public const string Ec2 = "EC2";

    /// <summary>Why RegisterTaskDefinition refuses the definition (ECS's ClientException message), or null.</summary>
    public static string? RegisterProblem(JsonObject definition)
    {
        if (string.IsNullOrEmpty(Text(definition, "family")))
        {
            return "Family should not be null or empty.";
        }

        var containers = Containers(definition).ToList();
        if (containers.Count == 0)
        {
            return "Container list cannot be empty.";
        }

        if (containers.Any(c => string.IsNullOrEmpty(Text(c, "name"))))
        {
            return "Container.name should not be null or empty.";
        }

        if (containers.Any(c => string.IsNullOrEmpty(Text(c, "image"))))
        {
            return "Container.image should not be null or empty.";
        }

        var executionRole = !string.IsNullOrEmpty(Text(definition, "executionRoleArn"));
        if (!executionRole && containers.Any(c => c["secrets"] is JsonArray { Count: > 0 }))
        {
            return "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.";
        }

        return RequiresFargate(definition) ? FargateProblem(definition, containers, executionRole) : null;
    }

    /// <summary>The launch types the definition validated against, as ECS reports them in <c>compatibilities</c>.</summary>
    public static List<string> CompatibilitiesOf(JsonObject definition) =>
        RequiresFargate(definition) ? [Ec2, Fargate] : [Ec2];

    /// <summary>ECS's attributes a container instance needs for the definition's features, as in <c>requiresAttributes</c>.</summary>
    public static List<string> RequiredAttributesOf(JsonObject definition)
    {
        var containers = Containers(definition).ToList();
        var attributes = new List<string>();
        void When(bool condition, string attribute)
        {
            if (condition)
            {
                attributes.Add(attribute);
            }
        }

        var logDrivers = containers.Select(c => Text(c["logConfiguration"], "logDriver")).ToList();
        When(logDrivers.Contains("awslogs"), "com.amazonaws.ecs.capability.logging-driver.awslogs");
        When(logDrivers.Contains("awsfirelens"), "ecs.capability.firelens.fluentbit");
        When(!string.IsNullOrEmpty(Text(definition, "executionRoleArn")) && logDrivers.Contains("awslogs"), "ecs.capability.execution-role-awslogs");
        When(containers.Any(c => Text(c, "image")?.Contains(".dkr.ecr.", StringComparison.Ordinal) == true), "com.amazonaws.ecs.capability.ecr-auth");
        When(!string.IsNullOrEmpty(Text(definition, "taskRoleArn")), "com.amazonaws.ecs.capability.task-iam-role");
        When(containers.Any(c => c["healthCheck"] is JsonObject), "ecs.capability.container-health-check");
        When(containers.Any(c => c["dependsOn"] is JsonArray { Count: > 0 }), "ecs.capability.container-ordering");
        When(Secrets(containers).Any(s => s.Contains(":secretsmanager:", StringComparison.Ordinal)), "ecs.capability.secrets.asm.environment-variables");
        When(Secrets(containers).Any(s => s.Contains(":ssm:", StringComparison.Ordinal)), "ecs.capability.secrets.ssm.environment-variables");
        When(Text(definition, "networkMode") == "awsvpc", "ecs.capability.task-eni");
        return attributes;
    }

    /// <summary>Why UpdateService refuses to run the revision on a service of that launch type (ECS's InvalidParameterException message), or null.</summary>
    public static string? LaunchTypeProblem(IReadOnlyList<string> compatibilities, string launchType) =>
        compatibilities.Contains(launchType) ? null : $"Task definition does not support launch_type {launchType}.";

    private static bool RequiresFargate(JsonObject definition) =>
        definition["requiresCompatibilities"] is JsonArray required && required.Any(r => r?.GetValue<string>() == Fargate);

    private static string? FargateProblem(JsonObject definition, List<JsonObject> containers, bool executionRole)
    {
        if (Text(definition, "networkMode") != "awsvpc")
        {
            return "Fargate only supports network mode \u2018awsvpc\u2019.";
        }

        var (cpu, memory) = (Text(definition, "cpu"), Text(definition, "memory"));
        if (string.IsNullOrEmpty(cpu))
        {
            return "Fargate requires that 'cpu' be defined at the task level.";
        }

        if (string.IsNullOrEmpty(memory))
        {
            return "Fargate requires that 'memory' be defined at the task level.";
        }

        if (!FargateSizes.IsValid(cpu, memory))
        {
            return $"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. See the Amazon ECS documentation for the valid values.";
        }

        if (!executionRole && containers.Any(c => Text(c, "image")?.Contains(".dkr.ecr.", StringComparison.Ordinal) == true))
        {
            return "Fargate requires task definition to have execution role ARN to support ECR images.";
        }

        return !executionRole && containers.Any(c => Text(c["logConfiguration"], "logDriver") == "awslogs")
            ? "Fargate requires task definition to have execution role ARN to support log driver awslogs."
            : null;
    }

    private static IEnumerable<JsonObject> Containers(JsonObject definition) =>
        (definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>();

    private static IEnumerable<string> Secrets(IEnumerable<JsonObject> containers) =>
        containers.SelectMany(c => (c["secrets"] as JsonArray ?? []).OfType<JsonObject>()).Select(s => Text(s, "valueFrom") ?? string.Empty);

    private static string? Text(JsonNode? node, string member) =>
        node?[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
