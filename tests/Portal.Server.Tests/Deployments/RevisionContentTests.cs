using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;

namespace Portal.Server.Tests.Deployments;

public class RevisionContentTests
{
    [Fact]
    public void Revisions_differing_only_in_what_ECS_sets_and_in_member_or_tag_order_have_the_same_content()
    {
        var one = Revision("""{"taskDefinitionArn":"arn:1","revision":1,"status":"ACTIVE","family":"f","cpu":"256","containerDefinitions":[{"name":"f","image":"r/f:1"}]}""",
            new EcsTag("a", "1"), new EcsTag("b", "2"));
        var two = Revision("""{"containerDefinitions":[{"image":"r/f:1","name":"f"}],"cpu":"256","family":"f","registeredAt":1790000000,"revision":2,"status":"ACTIVE","taskDefinitionArn":"arn:2"}""",
            new EcsTag("b", "2"), new EcsTag("a", "1"));

        Assert.True(RevisionContent.Of(one).SameAs(RevisionContent.Of(two)));
    }

    [Fact]
    public void Another_value_another_tag_or_another_container_order_is_other_content()
    {
        const string Document = """{"family":"f","cpu":"256","containerDefinitions":[{"name":"f","image":"r/f:1"},{"name":"log-router","image":"fluent-bit"}]}""";
        var content = RevisionContent.Of(Revision(Document, new EcsTag("a", "1")));

        Assert.False(content.SameAs(RevisionContent.Of(Revision(Document.Replace("256", "512", StringComparison.Ordinal), new EcsTag("a", "1")))));
        Assert.False(content.SameAs(RevisionContent.Of(Revision(Document, new EcsTag("a", "2")))));
        Assert.False(content.SameAs(RevisionContent.Of(Revision(
            """{"family":"f","cpu":"256","containerDefinitions":[{"name":"log-router","image":"fluent-bit"},{"name":"f","image":"r/f:1"}]}""", new EcsTag("a", "1")))));
        Assert.False(content.SameAs(content.WithImage("f", "r/f:2")));
        Assert.True(content.SameAs(content.WithImage("f", "r/f:2").WithImage("f", "r/f:1")));
    }

    [Fact]
    public void Changing_the_image_leaves_the_described_revision_as_it_was()
    {
        var revision = Revision("""{"family":"f","containerDefinitions":[{"name":"f","image":"r/f:1"}]}""");

        RevisionContent.Of(revision).WithImage("f", "r/f:2");

        Assert.Equal("r/f:1", revision.Document["containerDefinitions"]![0]!["image"]!.GetValue<string>());
    }

    private static EcsTaskDefinition Revision(string document, params EcsTag[] tags) =>
        EcsTaskDefinitionReader.Read(JsonNode.Parse(document), new JsonArray(tags.Select(t => (JsonNode?)new JsonObject { ["key"] = t.Key, ["value"] = t.Value }).ToArray()));
}
