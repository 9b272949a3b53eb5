using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace Portal.Server.Cloud.Ecs;

/// <summary>Which members of a described task definition RegisterTaskDefinition takes back.</summary>
public static class TaskDefinitionMembers
{
    /// <summary>
    /// The members of DescribeTaskDefinition's <c>TaskDefinition</c> shape that RegisterTaskDefinition's input
    /// does not have: ECS sets them. Everything else is carried over, so a member ECS adds to both shapes later
    /// travels without new code; a test checks this set against ECS's service model.
    /// </summary>
    public static readonly FrozenSet<string> ReadOnly = FrozenSet.Create(
        StringComparer.Ordinal,
        "taskDefinitionArn",
        "revision",
        "status",
        "compatibilities",
        "requiresAttributes",
        "registeredAt",
        "registeredBy",
        "deregisteredAt",
        "deleteRequestedAt");

    /// <summary>A copy of a described task definition without its read-only members: what registering it again takes.</summary>
    public static JsonObject Registerable(JsonObject described)
    {
        ArgumentNullException.ThrowIfNull(described);
        var registerable = new JsonObject();
        foreach (var (name, value) in described)
        {
            if (!ReadOnly.Contains(name) && value is not null)
            {
                registerable[name] = value.DeepClone();
            }
        }

        return registerable;
    }
}
