using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Simulation;

public class AccessTests
{
    private readonly SimulatedWorld _world = new(Seeds.Real, Seeds.Start, new SimulationOptions());

    [Fact]
    public async Task A_ReadOnly_role_cannot_update_a_service_and_the_service_stays_as_it_was()
    {
        var ecs = new SimulatedEcs(_world);
        var reader = Callers.Read(Seeds.ProdAccount);
        var before = JsonSerializer.Serialize(await ecs.DescribeOneAsync(reader, "prod-api", "tracking-api"));
        var oscar = Callers.As(Seeds.ProdAccount, "ReadOnly", "oscar");

        var denied = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => ecs.UpdateServiceAsync(oscar,
            new UpdateServiceRequest("prod-api", "tracking-api", TaskDefinition: "tracking-api:13"), CancellationToken.None));

        Assert.Contains("is not authorized to perform: ecs:UpdateService", denied.Message, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:sts::{Seeds.ProdAccount}:assumed-role/ReadOnly/oscar", denied.Message, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:ecs:eu-west-1:{Seeds.ProdAccount}:service/prod-api/tracking-api", denied.Message, StringComparison.Ordinal);
        Assert.Equal("ecs", denied.Service);
        Assert.Equal("UpdateService", denied.Operation);
        Assert.Equal("access-denied", denied.Outcome);
        _world.AdvanceTo(Seeds.Start.AddSeconds(30));
        var after = await ecs.DescribeOneAsync(reader, "prod-api", "tracking-api");
        Assert.EndsWith("task-definition/tracking-api:12", after.TaskDefinition, StringComparison.Ordinal);
        Assert.Single(after.Deployments);
        Assert.Equal(before, JsonSerializer.Serialize(after));
    }

    [Fact]
    public async Task A_ReadOnly_role_cannot_register_a_task_definition()
    {
        var ecs = new SimulatedEcs(_world);
        var oscar = Callers.As(Seeds.ProdAccount, "ReadOnly", "oscar");

        var denied = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => ecs.RegisterTaskDefinitionAsync(oscar,
            new RegisterTaskDefinitionRequest(new JsonObject
            {
                ["family"] = "tracking-api",
                ["containerDefinitions"] = new JsonArray(new JsonObject { ["name"] = "tracking-api", ["image"] = "example/tracking-api:abc1234" }),
            }, []),
            CancellationToken.None));

        Assert.Contains("is not authorized to perform: ecs:RegisterTaskDefinition", denied.Message, StringComparison.Ordinal);
        var latest = await ecs.DescribeTaskDefinitionAsync(Callers.Read(Seeds.ProdAccount), new DescribeTaskDefinitionRequest("tracking-api"), CancellationToken.None);
        Assert.Equal(14, latest.TaskDefinition.Revision);
    }

    [Fact]
    public async Task A_Deployer_role_can_update_the_same_service()
    {
        var ecs = new SimulatedEcs(_world);
        var deployer = Callers.As(Seeds.ProdAccount, "Deployer", "sam");

        var response = await ecs.UpdateServiceAsync(deployer,
            new UpdateServiceRequest("prod-api", "tracking-api", TaskDefinition: "tracking-api:13"), CancellationToken.None);

        Assert.EndsWith("task-definition/tracking-api:13", response.Service.TaskDefinition, StringComparison.Ordinal);
        Assert.Equal(["PRIMARY", "ACTIVE"], response.Service.Deployments.Select(d => d.Status));
        Assert.Equal("IN_PROGRESS", response.Service.Deployments[0].RolloutState);
        var listed = await ecs.DescribeOneAsync(Callers.Read(Seeds.ProdAccount), "prod-api", "tracking-api");
        Assert.EndsWith("task-definition/tracking-api:13", listed.TaskDefinition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_portal_read_role_cannot_write()
    {
        var ecs = new SimulatedEcs(_world);

        var denied = await Assert.ThrowsAsync<CloudAccessDeniedException>(() => ecs.UpdateServiceAsync(Callers.Read(Seeds.DevAccount),
            new UpdateServiceRequest("dev-api", "tracking-api", ForceNewDeployment: true), CancellationToken.None));

        Assert.Contains("assumed-role/PortalReadOnly/", denied.Message, StringComparison.Ordinal);
    }
}
