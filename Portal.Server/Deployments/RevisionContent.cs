using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;

namespace Portal.Server.Deployments;

/// <summary>
/// What a task definition revision is made of, as RegisterTaskDefinition takes it: every member of its
/// description except the read-only ones (ARN, revision, status, ...), and its tags. Two revisions with the
/// same content run the same tasks.
/// </summary>
public sealed class RevisionContent
{
    private RevisionContent(JsonObject definition, IReadOnlyList<EcsTag> tags)
    {
        Definition = definition;
        Tags = tags;
    }

    /// <summary>The registerable members; this instance's own copy.</summary>
    public JsonObject Definition { get; }

    public IReadOnlyList<EcsTag> Tags { get; }

    public static RevisionContent Of(EcsTaskDefinition revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return new RevisionContent(TaskDefinitionMembers.Registerable(revision.Document), revision.Tags.ToList());
    }

    /// <summary>The same content with one container's image changed, and nothing else.</summary>
    public RevisionContent WithImage(string container, string image)
    {
        var definition = Definition.DeepClone().AsObject();
        var target = (definition["containerDefinitions"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Single(c => c["name"] is JsonValue name && name.TryGetValue<string>(out var text) && text == container);
        target["image"] = image;
        return new RevisionContent(definition, Tags);
    }

    /// <summary>Same members with the same values (in any member order), and the same tags.</summary>
    public bool SameAs(RevisionContent other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return JsonNode.DeepEquals(Definition, other.Definition) && Sorted(Tags).SequenceEqual(Sorted(other.Tags));
    }

    public RegisterTaskDefinitionRequest ToRequest() => new(Definition.DeepClone().AsObject(), Tags);

    private static IEnumerable<EcsTag> Sorted(IEnumerable<EcsTag> tags) =>
        tags.OrderBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Value, StringComparer.Ordinal);
}
