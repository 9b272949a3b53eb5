using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Server.Simulation;
using Portal.Server.Simulation.World;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Deployments;

/// <summary>New revisions made on the simulated organization: prod's tracking-api runs revision 12 of 14.</summary>
public class NewRevisionsTests
{
    private const string Service = "tracking-api";
    private static readonly CloudCaller Deployer = Callers.As(Seeds.ProdAccount, "Deployer", "sam");
    private static readonly string Running = $"arn:aws:ecs:eu-west-1:{Seeds.ProdAccount}:task-definition/tracking-api:12";
    private readonly SimulatedEcs _simulated = new(new SimulatedWorld(Seeds.Real, Seeds.Start, new SimulationOptions()));
    private readonly LosingEcs _ecs;

    public NewRevisionsTests() => _ecs = new LosingEcs(_simulated);

    [Fact]
    public async Task A_new_image_makes_a_revision_with_every_member_and_tag_of_the_running_one_and_only_that_image_changed()
    {
        var current = await DescribeAsync(Running);
        var image = NewImage(current);

        var arn = await Revisions().ForImageAsync(Deployer, Running, Service, image, CancellationToken.None);

        Assert.EndsWith("tracking-api:15", arn, StringComparison.Ordinal);
        var made = await DescribeAsync(arn);
        Assert.True(RevisionContent.Of(made).SameAs(RevisionContent.Of(current).WithImage(Service, image)));
        Assert.Equal(image, made.ContainerDefinitions.Single(c => c.Name == Service).Image);
        Assert.Equal(SeedTaskDefinitions.DatadogAgentImage, made.ContainerDefinitions.Single(c => c.Name == "datadog-agent").Image);
        Assert.NotEmpty(made.Tags);
    }

    [Fact]
    public async Task Redeploying_the_running_image_uses_the_running_revision_and_registers_nothing()
    {
        var current = await DescribeAsync(Running);

        var arn = await Revisions().ForImageAsync(Deployer, Running, Service, current.ContainerDefinitions[0].Image, CancellationToken.None);

        Assert.Equal(Running, arn);
        Assert.Equal(0, _ecs.Registers);
        Assert.Equal(14, await RevisionCountAsync());
    }

    [Fact]
    public async Task Deploying_the_image_of_a_newer_revision_uses_that_revision()
    {
        var newest = await DescribeAsync("tracking-api:14");

        var arn = await Revisions().ForImageAsync(Deployer, Running, Service, newest.ContainerDefinitions[0].Image, CancellationToken.None);

        Assert.Equal(newest.TaskDefinitionArn, arn);
        Assert.Equal(14, await RevisionCountAsync());
    }

    [Fact]
    public async Task A_register_whose_answer_was_lost_after_it_was_made_is_found_and_not_sent_again()
    {
        _ecs.LoseAnswers = new Queue<Loss>([Loss.AfterRegistering]);

        var arn = await Revisions().ForImageAsync(Deployer, Running, Service, NewImage(await DescribeAsync(Running)), CancellationToken.None);

        Assert.EndsWith("tracking-api:15", arn, StringComparison.Ordinal);
        Assert.Equal(1, _ecs.Registers);
        Assert.Equal(15, await RevisionCountAsync());
    }

    [Fact]
    public async Task A_register_whose_answer_was_lost_before_it_was_made_is_sent_once_more()
    {
        _ecs.LoseAnswers = new Queue<Loss>([Loss.BeforeRegistering]);

        var arn = await Revisions().ForImageAsync(Deployer, Running, Service, NewImage(await DescribeAsync(Running)), CancellationToken.None);

        Assert.EndsWith("tracking-api:15", arn, StringComparison.Ordinal);
        Assert.Equal(2, _ecs.Registers);
        Assert.Equal(15, await RevisionCountAsync());
    }

    [Fact]
    public async Task A_register_lost_twice_is_not_sent_a_third_time()
    {
        var image = NewImage(await DescribeAsync(Running));
        _ecs.LoseAnswers = new Queue<Loss>([Loss.BeforeRegistering, Loss.BeforeRegistering]);

        await Assert.ThrowsAsync<CloudOutcomeUnknownException>(() => Revisions().ForImageAsync(Deployer, Running, Service, image, CancellationToken.None));

        Assert.Equal(2, _ecs.Registers);
        Assert.Equal(14, await RevisionCountAsync());
    }

    [Fact]
    public async Task A_lost_register_is_not_sent_again_when_the_family_cannot_be_read()
    {
        var image = NewImage(await DescribeAsync(Running));
        _ecs.LoseAnswers = new Queue<Loss>([Loss.BeforeRegistering]);
        _ecs.ListingFailsAfterRegister = true;

        await Assert.ThrowsAsync<CloudOutcomeUnknownException>(() => Revisions().ForImageAsync(Deployer, Running, Service, image, CancellationToken.None));

        Assert.Equal(1, _ecs.Registers);
    }

    [Fact]
    public async Task A_revision_whose_containers_cannot_be_told_apart_is_refused_and_nothing_is_registered()
    {
        var odd = await _simulated.RegisterTaskDefinitionAsync(Deployer, new RegisterTaskDefinitionRequest(new JsonObject
        {
            ["family"] = Service,
            ["containerDefinitions"] = new JsonArray(
                new JsonObject { ["name"] = "web", ["image"] = "ghcr.io/acme/web:1111111" },
                new JsonObject { ["name"] = "worker", ["image"] = "ghcr.io/acme/worker:1111111" }),
        }, []), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<NewRevisionRefusedException>(() =>
            Revisions().ForImageAsync(Deployer, odd.TaskDefinition.TaskDefinitionArn, Service, NewImage(odd.TaskDefinition), CancellationToken.None));

        Assert.Contains("web (ghcr.io/acme/web), worker (ghcr.io/acme/worker)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, _ecs.Registers);
        Assert.Equal(15, await RevisionCountAsync());
    }

    private NewRevisions Revisions() => new(_ecs, NullLogger<NewRevisions>.Instance);

    private static string NewImage(EcsTaskDefinition current) =>
        Portal.Shared.Deployments.ImageReference.RepositoryOf(current.ContainerDefinitions.FirstOrDefault(c => c.Name == Service)?.Image ?? $"example.com/{Service}") + ":abcdef1";

    private async Task<EcsTaskDefinition> DescribeAsync(string taskDefinition) =>
        (await _simulated.DescribeTaskDefinitionAsync(Deployer, new DescribeTaskDefinitionRequest(taskDefinition, IncludeTags: true), CancellationToken.None)).TaskDefinition;

    private async Task<int> RevisionCountAsync() =>
        (await _simulated.ListTaskDefinitionsAsync(Deployer, new ListTaskDefinitionsRequest(Service), CancellationToken.None)).TaskDefinitionArns.Count;

    private enum Loss
    {
        BeforeRegistering,
        AfterRegistering,
    }

    /// <summary>ECS whose RegisterTaskDefinition answers go missing, before or after it acted, as a timed-out write's do.</summary>
    private sealed class LosingEcs(IEcs inner) : IEcs
    {
        public Queue<Loss> LoseAnswers { get; set; } = [];

        public bool ListingFailsAfterRegister { get; set; }

        public int Registers { get; private set; }

        public Task<ListClustersResponse> ListClustersAsync(CloudCaller caller, ListClustersRequest request, CancellationToken cancellationToken) =>
            inner.ListClustersAsync(caller, request, cancellationToken);

        public Task<DescribeClustersResponse> DescribeClustersAsync(CloudCaller caller, DescribeClustersRequest request, CancellationToken cancellationToken) =>
            inner.DescribeClustersAsync(caller, request, cancellationToken);

        public Task<ListServicesResponse> ListServicesAsync(CloudCaller caller, ListServicesRequest request, CancellationToken cancellationToken) =>
            inner.ListServicesAsync(caller, request, cancellationToken);

        public Task<DescribeServicesResponse> DescribeServicesAsync(CloudCaller caller, DescribeServicesRequest request, CancellationToken cancellationToken) =>
            inner.DescribeServicesAsync(caller, request, cancellationToken);

        public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(CloudCaller caller, DescribeTaskDefinitionRequest request, CancellationToken cancellationToken) =>
            inner.DescribeTaskDefinitionAsync(caller, request, cancellationToken);

        public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(CloudCaller caller, ListTaskDefinitionsRequest request, CancellationToken cancellationToken) =>
            ListingFailsAfterRegister && Registers > 0
                ? Task.FromException<ListTaskDefinitionsResponse>(new CloudUnavailableException("ecs", "ListTaskDefinitions", "Connection reset."))
                : inner.ListTaskDefinitionsAsync(caller, request, cancellationToken);

        public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(CloudCaller caller, ListServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
            inner.ListServiceDeploymentsAsync(caller, request, cancellationToken);

        public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(CloudCaller caller, DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken) =>
            inner.DescribeServiceDeploymentsAsync(caller, request, cancellationToken);

        public async Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(CloudCaller caller, RegisterTaskDefinitionRequest request, CancellationToken cancellationToken)
        {
            Registers++;
            if (!LoseAnswers.TryDequeue(out var loss))
            {
                return await inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken);
            }

            if (loss == Loss.AfterRegistering)
            {
                await inner.RegisterTaskDefinitionAsync(caller, request, cancellationToken);
            }

            throw new CloudOutcomeUnknownException("ecs", "RegisterTaskDefinition", "No answer within 10 s.");
        }

        public Task<UpdateServiceResponse> UpdateServiceAsync(CloudCaller caller, UpdateServiceRequest request, CancellationToken cancellationToken) =>
            inner.UpdateServiceAsync(caller, request, cancellationToken);

        public Task<ListTasksResponse> ListTasksAsync(CloudCaller caller, ListTasksRequest request, CancellationToken cancellationToken) =>
            inner.ListTasksAsync(caller, request, cancellationToken);

        public Task<DescribeTasksResponse> DescribeTasksAsync(CloudCaller caller, DescribeTasksRequest request, CancellationToken cancellationToken) =>
            inner.DescribeTasksAsync(caller, request, cancellationToken);
    }
}
