using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

/// <summary>The simulated ECS registers and runs what ECS would, and refuses what Fargate refuses, in ECS's words.</summary>
public class FargateRulesTests
{
    private static readonly CloudCaller Deployer = Callers.As(Seeds.ProdAccount, "Deployer", "sam");
    private readonly SimulatedEcs _ecs = new(new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions()));

    [Fact]
    public async Task A_seeded_revision_carries_roles_logs_secrets_a_health_check_and_a_sidecar_it_waits_for()
    {
        var revision = await DescribeAsync("tracking-api:12");
        var document = revision.Document;
        var app = Container(document, "tracking-api");
        var agent = Container(document, "datadog-agent");

        Assert.Equal($"arn:aws:iam::{Seeds.ProdAccount}:role/prod-ecs-task-execution", Text(document, "executionRoleArn"));
        Assert.Equal($"arn:aws:iam::{Seeds.ProdAccount}:role/prod-tracking-api-task", Text(document, "taskRoleArn"));
        Assert.Equal("awsvpc", Text(document, "networkMode"));
        Assert.Equal(["FARGATE"], Strings(document["requiresCompatibilities"]));
        Assert.Contains("FARGATE", Strings(document["compatibilities"]));
        Assert.Equal("LINUX", Text(document["runtimePlatform"], "operatingSystemFamily"));
        Assert.StartsWith($"arn:aws:secretsmanager:eu-west-1:{Seeds.ProdAccount}:secret:prod/tracking-api/db-password-", Text(app["secrets"]![0], "valueFrom"), StringComparison.Ordinal);
        Assert.Equal("awslogs", Text(app["logConfiguration"], "logDriver"));
        Assert.Equal("CMD-SHELL", app["healthCheck"]!["command"]![0]!.GetValue<string>());
        Assert.True(app["essential"]!.GetValue<bool>());
        Assert.False(agent["essential"]!.GetValue<bool>());
        Assert.Equal("datadog-agent", Text(app["dependsOn"]![0], "containerName"));
        Assert.StartsWith($"arn:aws:ssm:eu-west-1:{Seeds.ProdAccount}:parameter/prod/datadog/", Text(agent["secrets"]![0], "valueFrom"), StringComparison.Ordinal);
        Assert.Contains(revision.Tags, t => t.Key == "team" && t.Value == "api");
        Assert.Contains(document["requiresAttributes"]!.AsArray(), a => Text(a, "name") == "ecs.capability.secrets.asm.environment-variables");
    }

    [Fact]
    public async Task App_services_log_through_a_non_essential_FireLens_router_and_the_EC2_service_uses_bridge_networking()
    {
        var checkout = (await DescribeAsync("checkout-web")).Document;
        var recommendations = (await DescribeAsync("recommendations")).Document;

        Assert.Equal("awsfirelens", Text(Container(checkout, "checkout-web")["logConfiguration"], "logDriver"));
        Assert.Equal("fluentbit", Text(Container(checkout, "log-router")["firelensConfiguration"], "type"));
        Assert.False(Container(checkout, "log-router")["essential"]!.GetValue<bool>());
        Assert.Equal(["SESSION_SIGNING_KEY"], Container(checkout, "checkout-web")["secrets"]!.AsArray()
            .Where(s => Text(s, "valueFrom")!.Contains(":ssm:", StringComparison.Ordinal)).Select(s => Text(s, "name")));
        Assert.Equal("bridge", Text(recommendations, "networkMode"));
        Assert.Equal(["EC2"], Strings(recommendations["requiresCompatibilities"]));
    }

    [Theory]
    [InlineData("bridge networking", "ClientException: Fargate only supports network mode \u2018awsvpc\u2019.")]
    [InlineData("no task cpu", "ClientException: Fargate requires that 'cpu' be defined at the task level.")]
    [InlineData("a size Fargate lacks", "ClientException: No Fargate configuration exists for given values: 512 CPU, 512 memory.")]
    [InlineData("no execution role", "ClientException: When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.")]
    [InlineData("no execution role, no secrets", "ClientException: Fargate requires task definition to have execution role ARN to support ECR images.")]
    public async Task A_Fargate_revision_breaking_a_Fargate_rule_is_refused_at_registration(string breakage, string message)
    {
        var definition = await RegisterableAsync("tracking-api:12");
        Break(definition, breakage);
        var before = await CountAsync("tracking-api");

        var refused = await Assert.ThrowsAsync<CloudValidationException>(() =>
            _ecs.RegisterTaskDefinitionAsync(Deployer, new RegisterTaskDefinitionRequest(definition, []), CancellationToken.None));

        Assert.StartsWith(message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("tracking-api"));
    }

    [Fact]
    public async Task A_Fargate_service_moved_to_a_revision_without_FARGATE_compatibility_gets_ECSs_error_and_stays_where_it_was()
    {
        var definition = await RegisterableAsync("tracking-api:12");
        definition.Remove("requiresCompatibilities");
        var ec2Only = (await _ecs.RegisterTaskDefinitionAsync(Deployer, new RegisterTaskDefinitionRequest(definition, []), CancellationToken.None)).TaskDefinition;
        Assert.DoesNotContain("FARGATE", Strings(ec2Only.Document["compatibilities"]));

        var refused = await Assert.ThrowsAsync<CloudValidationException>(() => _ecs.UpdateServiceAsync(Deployer,
            new UpdateServiceRequest("prod-api", "tracking-api", ec2Only.TaskDefinitionArn), CancellationToken.None));

        Assert.Equal("InvalidParameterException: Task definition does not support launch_type FARGATE.", refused.Message);
        var service = await _ecs.DescribeOneAsync(Deployer, "prod-api", "tracking-api");
        Assert.EndsWith("tracking-api:12", service.TaskDefinition, StringComparison.Ordinal);
        Assert.Single(service.Deployments);
    }

    [Fact]
    public async Task The_EC2_service_runs_a_revision_without_FARGATE_compatibility()
    {
        var definition = await RegisterableAsync("recommendations");
        Container(definition, "recommendations")["image"] = Container(definition, "recommendations")["image"]!.GetValue<string>()[..^7] + "abcdef1";
        var registered = (await _ecs.RegisterTaskDefinitionAsync(Deployer, new RegisterTaskDefinitionRequest(definition, []), CancellationToken.None)).TaskDefinition;

        var updated = await _ecs.UpdateServiceAsync(Deployer, new UpdateServiceRequest("prod-app", "recommendations", registered.TaskDefinitionArn), CancellationToken.None);

        Assert.Equal(registered.TaskDefinitionArn, updated.Service.TaskDefinition);
    }

    [Fact]
    public async Task ListTaskDefinitions_lists_one_familys_ACTIVE_revisions_newest_first_in_pages()
    {
        var first = await _ecs.ListTaskDefinitionsAsync(Deployer, new ListTaskDefinitionsRequest("tracking-api", "ACTIVE", "DESC", MaxResults: 3), CancellationToken.None);
        var second = await _ecs.ListTaskDefinitionsAsync(Deployer, new ListTaskDefinitionsRequest("tracking-api", "ACTIVE", "DESC", first.NextToken, 3), CancellationToken.None);
        var ascending = await _ecs.ListTaskDefinitionsAsync(Deployer, new ListTaskDefinitionsRequest("tracking-api"), CancellationToken.None);

        Assert.Equal(["tracking-api:14", "tracking-api:13", "tracking-api:12"], first.TaskDefinitionArns.Select(Name));
        Assert.Equal(["tracking-api:11", "tracking-api:10", "tracking-api:9"], second.TaskDefinitionArns.Select(Name));
        Assert.Equal(14, ascending.TaskDefinitionArns.Count);
        Assert.Equal("tracking-api:1", Name(ascending.TaskDefinitionArns[0]));
        Assert.Null(ascending.NextToken);
    }

    private static void Break(JsonObject definition, string breakage)
    {
        switch (breakage)
        {
            case "bridge networking":
                definition["networkMode"] = "bridge";
                break;
            case "no task cpu":
                definition.Remove("cpu");
                break;
            case "a size Fargate lacks":
                (definition["cpu"], definition["memory"]) = ("512", "512");
                break;
            case "no execution role":
                definition.Remove("executionRoleArn");
                break;
            case "no execution role, no secrets":
                definition.Remove("executionRoleArn");
                foreach (var container in definition["containerDefinitions"]!.AsArray())
                {
                    container!.AsObject().Remove("secrets");
                }

                break;
        }
    }

    private async Task<EcsTaskDefinition> DescribeAsync(string taskDefinition) =>
        (await _ecs.DescribeTaskDefinitionAsync(Deployer, new DescribeTaskDefinitionRequest(taskDefinition, IncludeTags: true), CancellationToken.None)).TaskDefinition;

    private async Task<JsonObject> RegisterableAsync(string taskDefinition) => TaskDefinitionMembers.Registerable((await DescribeAsync(taskDefinition)).Document);

    private async Task<int> CountAsync(string family) =>
        (await _ecs.ListTaskDefinitionsAsync(Deployer, new ListTaskDefinitionsRequest(family), CancellationToken.None)).TaskDefinitionArns.Count;

    private static JsonObject Container(JsonObject definition, string name) =>
        definition["containerDefinitions"]!.AsArray().Single(c => Text(c, "name") == name)!.AsObject();

    private static string? Text(JsonNode? node, string member) => node?[member]?.GetValue<string>();

    private static List<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [];

    private static string Name(string arn) => arn[(arn.LastIndexOf('/') + 1)..];
}
