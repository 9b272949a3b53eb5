using System.Text.Json.Nodes;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// What a team's Fargate service really registers: task and execution roles, awsvpc, a runtime
/// platform, ephemeral storage, a volume, tags, and per container secrets, awslogs, a health check,
/// command and entry point, a FireLens log router and a non-essential sidecar that waits for the
/// app. A RegisterTaskDefinition body (input members only); the registry adds what ECS adds.
/// </summary>
public static class FakeTaskDefinitionSeed
{
    /// <summary>The image tag of the revision each service runs when the fake starts.</summary>
    public const string CurrentImageTag = "abc1234";

    /// <summary>The revision each service runs when the fake starts; older ones exist too.</summary>
    public const int CurrentRevision = 7;

    /// <summary>Revisions below this one are INACTIVE (deregistered).</summary>
    public const int FirstActiveRevision = 5;

    public static string ImageRepository(string account, string service) => $"{account}.dkr.ecr.{FakeAws.Region}.amazonaws.com/{service}";

    /// <summary>The image tag of an older seeded revision: "1e5f6a7" for revision 1.</summary>
    public static string ImageTagOf(int revision) => revision == CurrentRevision ? CurrentImageTag : $"{revision}e5f6a7";

    public static JsonObject Fargate(string account, string service, string imageTag) => new()
    {
        ["family"] = service,
        ["taskRoleArn"] = $"arn:aws:iam::{account}:role/{service}-task",
        ["executionRoleArn"] = $"arn:aws:iam::{account}:role/ecsTaskExecutionRole",
        ["networkMode"] = "awsvpc",
        ["containerDefinitions"] = new JsonArray(App(account, service, imageTag), LogRouter(service), Collector(service)),
        ["volumes"] = new JsonArray(new JsonObject { ["name"] = "tmp" }),
        ["requiresCompatibilities"] = new JsonArray("FARGATE"),
        ["cpu"] = "512",
        ["memory"] = "1024",
        ["tags"] = new JsonArray(
            new JsonObject { ["key"] = "team", ["value"] = "payments" },
            new JsonObject { ["key"] = "cost-centre", ["value"] = "cc-4711" }),
        ["ephemeralStorage"] = new JsonObject { ["sizeInGiB"] = 30 },
        ["runtimePlatform"] = new JsonObject { ["cpuArchitecture"] = "ARM64", ["operatingSystemFamily"] = "LINUX" },
    };

    private static JsonObject App(string account, string service, string imageTag) => new()
    {
        ["name"] = service,
        ["image"] = $"{ImageRepository(account, service)}:{imageTag}",
        ["cpu"] = 384,
        ["memoryReservation"] = 768,
        ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp", ["name"] = "http", ["appProtocol"] = "http" }),
        ["essential"] = true,
        ["entryPoint"] = new JsonArray("/app/entrypoint.sh"),
        ["command"] = new JsonArray("serve", "--port", "8080"),
        ["environment"] = new JsonArray(
            new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" },
            new JsonObject { ["name"] = "OTEL_EXPORTER_OTLP_ENDPOINT", ["value"] = "http://localhost:4317" }),
        ["mountPoints"] = new JsonArray(new JsonObject { ["sourceVolume"] = "tmp", ["containerPath"] = "/tmp", ["readOnly"] = false }),
        ["secrets"] = new JsonArray(
            new JsonObject { ["name"] = "DATABASE_PASSWORD", ["valueFrom"] = $"arn:aws:secretsmanager:{FakeAws.Region}:{account}:secret:{service}/db-AbCdEf" },
            new JsonObject { ["name"] = "API_KEY", ["valueFrom"] = $"arn:aws:ssm:{FakeAws.Region}:{account}:parameter/{service}/api-key" }),
        ["dependsOn"] = new JsonArray(new JsonObject { ["containerName"] = "log-router", ["condition"] = "START" }),
        ["stopTimeout"] = 30,
        ["readonlyRootFilesystem"] = true,
        ["dockerLabels"] = new JsonObject { ["com.example.team"] = "payments", ["com.example.service"] = service },
        ["ulimits"] = new JsonArray(new JsonObject { ["name"] = "nofile", ["softLimit"] = 65536, ["hardLimit"] = 65536 }),
        ["logConfiguration"] = AwsLogs(service, "app"),
        ["healthCheck"] = new JsonObject
        {
            ["command"] = new JsonArray("CMD-SHELL", "curl -fs http://localhost:8080/healthz || exit 1"),
            ["interval"] = 15,
            ["timeout"] = 5,
            ["retries"] = 3,
            ["startPeriod"] = 30,
        },
    };

    private static JsonObject LogRouter(string service) => new()
    {
        ["name"] = "log-router",
        ["image"] = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
        ["cpu"] = 64,
        ["memoryReservation"] = 128,
        ["essential"] = true,
        ["user"] = "0",
        ["firelensConfiguration"] = new JsonObject { ["type"] = "fluentbit", ["options"] = new JsonObject { ["enable-ecs-log-metadata"] = "true" } },
        ["logConfiguration"] = AwsLogs(service, "firelens"),
    };

    /// <summary>Not essential: the task keeps running if the collector stops; it starts once the app is healthy.</summary>
    private static JsonObject Collector(string service) => new()
    {
        ["name"] = "otel-collector",
        ["image"] = "public.ecr.aws/aws-observability/aws-otel-collector:v0.41.1",
        ["cpu"] = 64,
        ["memoryReservation"] = 128,
        ["essential"] = false,
        ["command"] = new JsonArray("--config=/etc/ecs/ecs-default-config.yaml"),
        ["dependsOn"] = new JsonArray(new JsonObject { ["containerName"] = service, ["condition"] = "HEALTHY" }),
        ["logConfiguration"] = AwsLogs(service, "otel"),
    };

    private static JsonObject AwsLogs(string service, string prefix) => new()
    {
        ["logDriver"] = "awslogs",
        ["options"] = new JsonObject
        {
            ["awslogs-group"] = $"/ecs/{service}",
            ["awslogs-region"] = FakeAws.Region,
            ["awslogs-stream-prefix"] = prefix,
        },
    };
}
