using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;
using Portal.Shared.Fleet;

namespace Portal.Server.Fleet;

/// <summary>The awslogs settings of a task definition's containers, from its logConfiguration options.</summary>
public static class ContainerLogs
{
    public static IReadOnlyList<ContainerLogSettings> Of(EcsTaskDefinition taskDefinition)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var settings = new List<ContainerLogSettings>();
        foreach (var container in (taskDefinition.Document["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (container["logConfiguration"] is not JsonObject logs || Text(logs, "logDriver") != "awslogs" || logs["options"] is not JsonObject options)
            {
                continue;
            }

            var name = Text(container, "name");
            var group = Text(options, "awslogs-group");
            var region = Text(options, "awslogs-region");
            if (name is null || group is null || region is null)
            {
                continue;
            }

            settings.Add(new ContainerLogSettings(name, group, region, Text(options, "awslogs-stream-prefix")));
        }

        return settings;
    }

    private static string? Text(JsonObject node, string member) =>
        node[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
