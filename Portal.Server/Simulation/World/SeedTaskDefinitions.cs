using System.Globalization;
using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation.World;

/// <summary>
/// The task definition a seeded service registers, as a platform team would write it: execution and task
/// roles, awslogs or FireLens logs, secrets from Secrets Manager and Parameter Store, a health check, a
/// non-essential sidecar the service's container waits for, runtime platform and the launch type's rules
/// (Fargate: awsvpc and a Fargate size; EC2: bridge networking with dynamic host ports).
/// </summary>
internal static class SeedTaskDefinitions
{
    public const string LogRouterImage = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";
    public const string DatadogAgentImage = "public.ecr.aws/datadog/agent:7";

    public static JsonObject For(ServiceSeed seed, SimAccount account, string image)
    {
        var fargate = seed.LaunchType == TaskDefinitionRules.Fargate;
        var containers = new JsonArray(ServiceContainer(seed, account, image, fargate));
        if (Sidecar(seed, account, fargate) is { } sidecar)
        {
            containers.Add(sidecar);
        }

        return new JsonObject
        {
            ["family"] = seed.Name,
            ["taskRoleArn"] = RoleArn(account, $"{seed.Name}-task"),
            ["executionRoleArn"] = RoleArn(account, "ecs-task-execution"),
            ["networkMode"] = fargate ? "awsvpc" : "bridge",
            ["containerDefinitions"] = containers,
            ["volumes"] = new JsonArray(),
            ["placementConstraints"] = new JsonArray(),
            ["requiresCompatibilities"] = new JsonArray(seed.LaunchType),
            ["cpu"] = seed.Cpu,
            ["memory"] = seed.Memory,
            ["runtimePlatform"] = new JsonObject { ["cpuArchitecture"] = seed.CpuArchitecture, ["operatingSystemFamily"] = "LINUX" },
        };
    }

    /// <summary>The task definition's tags: the service's own, and who manages it.</summary>
    public static List<EcsTag> TagsFor(ServiceSeed seed) =>
        [.. seed.Tags.Select(t => new EcsTag(t.Key, t.Value)), new EcsTag("service", seed.Name), new EcsTag("managed-by", "terraform")];

    private static JsonObject ServiceContainer(ServiceSeed seed, SimAccount account, string image, bool fargate)
    {
        var container = new JsonObject
        {
            ["name"] = seed.Name,
            ["image"] = image,
            ["cpu"] = 0,
            ["essential"] = true,
            ["portMappings"] = new JsonArray(new JsonObject
            {
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"{seed.Name}-{seed.Port}-tcp"),
                ["containerPort"] = seed.Port,
                ["hostPort"] = fargate ? seed.Port : 0,
                ["protocol"] = "tcp",
                ["appProtocol"] = "http",
            }),
            ["environment"] = new JsonArray(seed.EnvironmentVariables
                .Select(name => (JsonNode?)new JsonObject { ["name"] = name, ["value"] = ValueOf(name, seed, account) }).ToArray()),
            ["secrets"] = new JsonArray(seed.Secrets
                .Select(s => (JsonNode?)new JsonObject { ["name"] = s.Key, ["valueFrom"] = SecretArn(account, seed.Name, s.Key, s.Value) }).ToArray()),
            ["mountPoints"] = new JsonArray(),
            ["volumesFrom"] = new JsonArray(),
            ["ulimits"] = new JsonArray(new JsonObject { ["name"] = "nofile", ["softLimit"] = 65536, ["hardLimit"] = 65536 }),
            ["healthCheck"] = new JsonObject
            {
                ["command"] = new JsonArray("CMD-SHELL", string.Create(CultureInfo.InvariantCulture, $"curl -fs http://localhost:{seed.Port}{seed.HealthCheckPath} || exit 1")),
                ["interval"] = 30,
                ["timeout"] = 5,
                ["retries"] = 3,
                ["startPeriod"] = 60,
            },
            ["logConfiguration"] = seed.Sidecar == "log-router" ? FireLensLogs(seed, account) : AwsLogs(account, $"/ecs/{account.Environment.Name}/{seed.Name}"),
            ["systemControls"] = new JsonArray(),
        };
        if (seed.Sidecar is { } sidecar)
        {
            container["dependsOn"] = new JsonArray(new JsonObject { ["containerName"] = sidecar, ["condition"] = "START" });
        }

        if (seed.Sidecar == "datadog-agent")
        {
            container["dockerLabels"] = new JsonObject
            {
                ["com.datadoghq.tags.service"] = seed.Name,
                ["com.datadoghq.tags.env"] = account.Environment.Name,
            };
        }

        return container;
    }

    private static JsonObject? Sidecar(ServiceSeed seed, SimAccount account, bool fargate) => seed.Sidecar switch
    {
        "log-router" => new JsonObject
        {
            ["name"] = "log-router",
            ["image"] = LogRouterImage,
            ["cpu"] = 0,
            ["memoryReservation"] = 50,
            ["essential"] = false,
            ["user"] = "0",
            ["firelensConfiguration"] = new JsonObject
            {
                ["type"] = "fluentbit",
                ["options"] = new JsonObject { ["enable-ecs-log-metadata"] = "true" },
            },
            ["logConfiguration"] = AwsLogs(account, $"/ecs/{account.Environment.Name}/firelens"),
        },
        "datadog-agent" => new JsonObject
        {
            ["name"] = "datadog-agent",
            ["image"] = DatadogAgentImage,
            ["cpu"] = 0,
            ["memoryReservation"] = 256,
            ["essential"] = false,
            ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8126, ["hostPort"] = fargate ? 8126 : 0, ["protocol"] = "tcp" }),
            ["environment"] = new JsonArray(
                new JsonObject { ["name"] = "DD_SITE", ["value"] = "datadoghq.eu" },
                new JsonObject { ["name"] = "ECS_FARGATE", ["value"] = fargate ? "true" : "false" }),
            ["secrets"] = new JsonArray(new JsonObject { ["name"] = "DD_API_KEY", ["valueFrom"] = SecretArn(account, "datadog", "DD_API_KEY", "ssm") }),
            ["healthCheck"] = new JsonObject
            {
                ["command"] = new JsonArray("CMD-SHELL", "agent health"),
                ["interval"] = 30,
                ["timeout"] = 5,
                ["retries"] = 3,
                ["startPeriod"] = 15,
            },
            ["logConfiguration"] = AwsLogs(account, $"/ecs/{account.Environment.Name}/datadog-agent"),
        },
        _ => null,
    };

    private static JsonObject AwsLogs(SimAccount account, string group) => new()
    {
        ["logDriver"] = "awslogs",
        ["options"] = new JsonObject
        {
            ["awslogs-group"] = group,
            ["awslogs-region"] = account.Region,
            ["awslogs-stream-prefix"] = "ecs",
        },
    };

    private static JsonObject FireLensLogs(ServiceSeed seed, SimAccount account) => new()
    {
        ["logDriver"] = "awsfirelens",
        ["options"] = new JsonObject
        {
            ["Name"] = "cloudwatch_logs",
            ["region"] = account.Region,
            ["log_group_name"] = $"/ecs/{account.Environment.Name}/{seed.Name}",
            ["log_stream_prefix"] = "app-",
            ["auto_create_group"] = "true",
        },
    };

    private static string RoleArn(SimAccount account, string role) => $"arn:aws:iam::{account.AccountId}:role/{account.Environment.Name}-{role}";

    private static string SecretArn(SimAccount account, string owner, string name, string store)
    {
        var path = $"{account.Environment.Name}/{owner}/{name.ToLowerInvariant().Replace('_', '-')}";
        if (store == "ssm")
        {
            return $"arn:aws:ssm:{account.Region}:{account.AccountId}:parameter/{path}";
        }

        // Secrets Manager appends six random characters to a secret's name; here they follow from the name.
        var suffix = StableHash.Of(account.AccountId + path, 11).ToString("x16", CultureInfo.InvariantCulture)[..6];
        return $"arn:aws:secretsmanager:{account.Region}:{account.AccountId}:secret:{path}-{suffix}";
    }

    private static string ValueOf(string variable, ServiceSeed seed, SimAccount account)
    {
        var environment = account.Environment.Name;
        return variable switch
        {
            "ASPNETCORE_ENVIRONMENT" => environment switch { "prod" => "Production", "stage" => "Staging", "dev" => "Development", _ => environment },
            "DB_HOST" => $"{seed.Name}.db.{environment}.internal",
            "LOG_LEVEL" => environment == "dev" ? "debug" : "info",
            "SITE_URL" => environment == "prod" ? $"https://{seed.Name}.example.com" : $"https://{seed.Name}.{environment}.example.com",
            _ => $"https://{variable.ToLowerInvariant().Replace('_', '-')}.{environment}.internal",
        };
    }
}
