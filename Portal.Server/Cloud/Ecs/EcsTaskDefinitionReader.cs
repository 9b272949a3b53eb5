using System.Text.Json.Nodes;
using static Portal.Server.Cloud.Aws.AwsJson;

namespace Portal.Server.Cloud.Ecs;

/// <summary>
/// Reads a task definition from its <c>taskDefinition</c> object as ECS describes it: the typed members the
/// portal reads, and the whole object kept beside them. Shared by every world that answers ECS calls, so the
/// typed members always agree with the document.
/// </summary>
public static class EcsTaskDefinitionReader
{
    /// <param name="taskDefinition">The <c>taskDefinition</c> member of DescribeTaskDefinition's or RegisterTaskDefinition's answer; copied.</param>
    /// <param name="tags">The answer's <c>tags</c> member, when there is one.</param>
    public static EcsTaskDefinition Read(JsonNode? taskDefinition, JsonNode? tags) => new(
        RequiredString(taskDefinition, "taskDefinitionArn"),
        RequiredString(taskDefinition, "family"),
        Int(taskDefinition, "revision"),
        RequiredString(taskDefinition, "status"),
        String(taskDefinition, "cpu"),
        String(taskDefinition, "memory"),
        List(taskDefinition, "containerDefinitions").Select(c => new EcsContainerDefinition(
            RequiredString(c, "name"),
            RequiredString(c, "image"),
            List(c, "environment").Select(e => new EcsKeyValuePair(RequiredString(e, "name"), RequiredString(e, "value"))).ToList(),
            List(c, "portMappings").Select(p => new EcsPortMapping(Int(p, "containerPort"), String(p, "protocol") ?? "tcp")).ToList())).ToList(),
        Time(taskDefinition, "registeredAt"),
        taskDefinition is JsonObject document ? document.DeepClone().AsObject() : [],
        (tags is JsonArray list ? list.OfType<JsonNode>() : []).Select(t => new EcsTag(RequiredString(t, "key"), RequiredString(t, "value"))).ToList());
}
