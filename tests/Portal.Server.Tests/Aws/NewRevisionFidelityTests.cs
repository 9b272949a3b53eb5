using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Cloud.Aws;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// A new revision carries every member of the current one, checked against ECS's own model: whatever
/// RegisterTaskDefinition takes that DescribeTaskDefinition returns, today's members and any added later.
/// </summary>
public class NewRevisionFidelityTests
{
    private const string Service = "orders-api";
    private const string Repository = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api";
    private const string CurrentArn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:41";
    private static readonly AwsServiceModel EcsModel = AwsServiceModel.Load("ecs");

    [Fact]
    public void The_read_only_members_are_those_DescribeTaskDefinition_returns_and_RegisterTaskDefinition_does_not_take()
    {
        var described = Members("TaskDefinition");
        var registerable = Members(EcsModel.Operation("RegisterTaskDefinition").InputShape!);

        Assert.Equal(described.Except(registerable).Order(StringComparer.Ordinal), TaskDefinitionMembers.ReadOnly.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_member_the_model_lets_a_revision_carry_arrives_unchanged_and_only_the_image_changes()
    {
        var sample = new AwsShapeSample(EcsModel);
        var answer = new JsonObject
        {
            ["taskDefinition"] = sample.Of("TaskDefinition", "taskDefinition"),
            ["tags"] = sample.Of(EcsModel.MemberShapeName("DescribeTaskDefinitionResponse", "tags"), "tags"),
        };
        var described = answer["taskDefinition"]!.AsObject();
        described["taskDefinitionArn"] = CurrentArn;
        described["family"] = Service;
        described["status"] = "ACTIVE";
        var container = described["containerDefinitions"]![0]!.AsObject();
        container["name"] = "app";
        container["image"] = Repository + ":1111111";
        using var aws = new AwsClientHarness();
        Answer(aws, "DescribeTaskDefinition", answer);
        Answer(aws, "ListTaskDefinitions", new JsonObject { ["taskDefinitionArns"] = new JsonArray(CurrentArn) });
        Answer(aws, "RegisterTaskDefinition", Registered(answer, 42));

        var arn = await new NewRevisions(new AwsEcs(aws.Client), NullLogger<NewRevisions>.Instance)
            .ForImageAsync(AwsClientHarness.Caller, CurrentArn, Service, Repository + ":2222222", CancellationToken.None);

        Assert.EndsWith(":42", arn, StringComparison.Ordinal);
        var sent = RequestBody(aws, "RegisterTaskDefinition");
        Assert.Empty(EcsModel.ValidateInput("RegisterTaskDefinition", sent));
        var carried = Members(EcsModel.Operation("RegisterTaskDefinition").InputShape!).Intersect(Members("TaskDefinition")).ToList();
        Assert.NotEmpty(carried);
        Assert.Equal("2222222", sent["containerDefinitions"]![0]!["image"]!.GetValue<string>().Split(':')[^1]);
        var sentWithOldImage = sent.DeepClone().AsObject();
        sentWithOldImage["containerDefinitions"]![0]!["image"] = Repository + ":1111111";
        Assert.All(carried, member => Assert.True(
            JsonNode.DeepEquals(described[member], sentWithOldImage[member]),
            $"{member} was {described[member]?.ToJsonString()} but {sentWithOldImage[member]?.ToJsonString() ?? "absent"} was sent"));
        Assert.True(JsonNode.DeepEquals(answer["tags"], sent["tags"]), "the tags were not sent as they were described");
        Assert.All(TaskDefinitionMembers.ReadOnly, member => Assert.False(sent.ContainsKey(member), $"{member} is read-only but was sent"));
        var asked = RequestBody(aws, "DescribeTaskDefinition");
        Assert.Equal("TAGS", asked["include"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task ListTaskDefinitions_request_fits_the_model_and_its_answer_is_read()
    {
        using var aws = new AwsClientHarness();
        Answer(aws, "ListTaskDefinitions", new JsonObject { ["taskDefinitionArns"] = new JsonArray(CurrentArn), ["nextToken"] = "page-2" });

        var response = await new AwsEcs(aws.Client).ListTaskDefinitionsAsync(AwsClientHarness.Caller,
            new ListTaskDefinitionsRequest(Service, "ACTIVE", "DESC", MaxResults: 3), CancellationToken.None);

        var sent = RequestBody(aws, "ListTaskDefinitions");
        Assert.Empty(EcsModel.ValidateInput("ListTaskDefinitions", sent));
        Assert.Equal("DESC", sent["sort"]!.GetValue<string>());
        Assert.Equal([CurrentArn], response.TaskDefinitionArns);
        Assert.Equal("page-2", response.NextToken);
    }

    private static HashSet<string> Members(string shape) =>
        EcsModel.Shape(shape)["members"]!.AsObject().Select(m => m.Key).ToHashSet(StringComparer.Ordinal);

    private static void Answer(AwsClientHarness aws, string operation, JsonNode answer)
    {
        Assert.Empty(EcsModel.ValidateOutput(operation, answer));
        aws.Answer(HttpStatusCode.OK, answer.DeepClone());
    }

    private static JsonObject Registered(JsonObject described, int revision)
    {
        var registered = described.DeepClone().AsObject();
        registered["taskDefinition"]!["revision"] = revision;
        registered["taskDefinition"]!["taskDefinitionArn"] = CurrentArn[..CurrentArn.LastIndexOf(':')] + ":" + revision;
        return registered;
    }

    private static JsonObject RequestBody(AwsClientHarness aws, string operation) =>
        aws.Requests.Single(r => r.Target == $"{EcsModel.TargetPrefix}.{operation}").Body!.AsObject();
}
