using Portal.Server.Cloud.Ecs;
using Portal.Server.Deployments;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Deployments;

public class ServiceContainersTests
{
    private const string Ecr = "318274650192.dkr.ecr.eu-west-1.amazonaws.com";
    private const string LogRouter = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";

    [Fact]
    public void The_container_running_the_builds_repository_is_chosen_whatever_its_name_or_place()
    {
        var revision = Revision(("log-router", LogRouter), ("web", $"{Ecr}/orders-api:1111111"));

        var choice = ServiceContainers.Choose(revision, "orders-api", $"{Ecr}/orders-api:2222222");

        Assert.Equal("web", choice.Container?.Name);
        Assert.Null(choice.Problem);
    }

    [Fact]
    public void A_repository_given_by_digest_or_with_another_case_in_the_registry_matches()
    {
        var revision = Revision(("web", $"{Ecr.ToUpperInvariant()}/orders-api@sha256:{new string('a', 64)}"), ("log-router", LogRouter));

        Assert.Equal("web", ServiceContainers.Choose(revision, "orders-api", $"{Ecr}/orders-api:2222222").Container?.Name);
    }

    [Fact]
    public void When_no_container_runs_the_repository_the_one_named_like_the_service_is_chosen()
    {
        var revision = Revision(("datadog-agent", "public.ecr.aws/datadog/agent:7"), ("orders-api", "ghcr.io/acme/orders:1111111"));

        var choice = ServiceContainers.Choose(revision, "orders-api", $"{Ecr}/orders-api:2222222");

        Assert.Equal("orders-api", choice.Container?.Name);
    }

    [Fact]
    public void Two_containers_of_the_repository_are_told_apart_by_the_service_name()
    {
        var revision = Revision(("migrate", $"{Ecr}/orders-api:1111111"), ("orders-api", $"{Ecr}/orders-api:1111111"));

        Assert.Equal("orders-api", ServiceContainers.Choose(revision, "orders-api", $"{Ecr}/orders-api:2222222").Container?.Name);
    }

    [Fact]
    public void Two_containers_of_the_repository_neither_named_like_the_service_are_ambiguous()
    {
        var revision = Revision(("web", $"{Ecr}/orders-api:1111111"), ("worker", $"{Ecr}/orders-api:1111111"));

        var choice = ServiceContainers.Choose(revision, "orders-api", $"{Ecr}/orders-api:2222222");

        Assert.Null(choice.Container);
        Assert.Contains("web, worker", choice.Problem, StringComparison.Ordinal);
        Assert.Contains("cannot tell which one", choice.Problem, StringComparison.Ordinal);
        Assert.Contains("orders-api:7", choice.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void No_container_of_the_repository_and_none_named_like_the_service_is_refused_naming_what_there_is()
    {
        var revision = Revision(("web", "ghcr.io/acme/orders:1111111"), ("log-router", LogRouter));

        var choice = ServiceContainers.Choose(revision, "orders-api", $"{Ecr}/orders-api:2222222");

        Assert.Null(choice.Container);
        Assert.Contains($"runs an image of {Ecr}/orders-api or is named orders-api", choice.Problem, StringComparison.Ordinal);
        Assert.Contains("web (ghcr.io/acme/orders)", choice.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_build_only_the_name_counts()
    {
        var revision = Revision(("log-router", LogRouter), ("orders-api", $"{Ecr}/orders-api:1111111"));

        Assert.Equal("orders-api", ServiceContainers.Choose(revision, "orders-api", image: null).Container?.Name);
        Assert.Null(ServiceContainers.Choose(revision, "payments-api", image: null).Container);
    }

    [Fact]
    public void What_is_shown_for_a_revision_is_the_services_own_container_though_a_sidecar_is_listed_first()
    {
        var revision = Revision(("log-router", LogRouter), ("orders-api", $"{Ecr}/orders-api:1111111"));

        Assert.Equal($"{Ecr}/orders-api:1111111", ServiceContainers.ShownFor(revision, "orders-api")?.Image);
        Assert.Equal(LogRouter, ServiceContainers.ShownFor(revision, "payments-api")?.Image);
    }

    [Theory]
    [InlineData("318274650192.dkr.ecr.eu-west-1.amazonaws.com/orders-api:9c41f2e", "318274650192.dkr.ecr.eu-west-1.amazonaws.com/orders-api")]
    [InlineData("registry.local:5000/team/orders-api", "registry.local:5000/team/orders-api")]
    [InlineData("registry.local:5000/team/orders-api:v2", "registry.local:5000/team/orders-api")]
    [InlineData("nginx", "nginx")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "nginx")]
    [InlineData("nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "nginx")]
    public void An_images_repository_is_it_without_tag_or_digest(string image, string repository) =>
        Assert.Equal(repository, ImageReference.RepositoryOf(image));

    private static EcsTaskDefinition Revision(params (string Name, string Image)[] containers) => new(
        "arn:aws:ecs:eu-west-1:318274650192:task-definition/orders-api:7", "orders-api", 7, "ACTIVE", "512", "1024",
        containers.Select(c => new EcsContainerDefinition(c.Name, c.Image, [], [])).ToList(), null, [], []);
}
