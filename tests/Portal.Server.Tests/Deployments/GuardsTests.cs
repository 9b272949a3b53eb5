using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Deployments;

/// <summary>The guards that held only by accident: a call's origin leaking into the next, auto-deploy ignoring its announcer, keys shared between callers.</summary>
public sealed class GuardsTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    [Fact]
    public async Task A_publish_attempt_then_an_unconfirmed_prod_deploy_in_the_same_scope_is_refused_and_records_nothing()
    {
        // One scope, as one circuit has: the publish page and the service page share its services.
        using var alice = PersonScopes.Alice(portal.Services);
        var publishing = alice.ServiceProvider.GetRequiredService<IPublishing>();
        var deployments = alice.ServiceProvider.GetRequiredService<IDeployments>();
        var build = await BuildAsync("search-api");
        await publishing.PublishAsync("prod", "prod-api", "search-api", build.Id, Key());

        var unconfirmed = await deployments.DeployAsync(new DeployCommand("prod", "prod-api", "search-api", DeployTarget.Build(build.Id), Key()));

        Assert.False(unconfirmed.Accepted);
        Assert.Equal(DeployProblemKind.Invalid, unconfirmed.Problem!.Kind);
        Assert.Contains("type the service name", unconfirmed.Problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await Ledger.OfServiceAsync("prod", "prod-api", "search-api", 20, CancellationToken.None), d => d.BuildCommit == build.CommitSha);
    }

    [Fact]
    public async Task A_dev_token_announcing_a_build_deploys_it_only_where_it_may_deploy_and_hears_of_no_other_deployment()
    {
        await SwitchOnAsync("email-sender");
        using var devToken = await TokenClientAsync(["dev"], ["email-sender"], ["announce-build", "deploy"], "ci-dev-email");

        using var announced = await AnnounceAsync(devToken, "email-sender", "docker.io/attacker/evil:latest");

        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        var id = Assert.Single((await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoDeployments").EnumerateArray()).GetGuid();
        var deployment = (await Ledger.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(("dev", "auto", "auto (token:ci-dev-email)"), (deployment.Environment, deployment.Source, deployment.Actor));
        Assert.DoesNotContain(await Ledger.OfServiceAsync("prod", "prod-pipeline", "email-sender", 20, CancellationToken.None), d => d.Source == DeploymentSources.Auto);
    }

    [Fact]
    public async Task A_token_without_deploy_never_causes_an_auto_deploy()
    {
        await SwitchOnAsync("search-indexer");
        using var announceOnly = await TokenClientAsync(["*"], ["*"], ["announce-build"]);

        using var announced = await AnnounceAsync(announceOnly, "search-indexer", "318274650192.dkr.ecr.eu-west-1.amazonaws.com/search-indexer:" + Sha()[..7]);

        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        Assert.Empty((await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoDeployments").EnumerateArray());
        Assert.DoesNotContain(await Ledger.OfServiceAsync("dev", "dev-pipeline", "search-indexer", 20, CancellationToken.None), d => d.Source == DeploymentSources.Auto);
    }

    [Fact]
    public async Task Auto_deploy_on_for_a_protected_environment_needs_an_administrator_a_reason_and_the_typed_name_and_stands_on_the_page()
    {
        using var deployer = PersonScopes.For(portal.Services, "pat", ("prod", "Deployer"));
        using var alice = PersonScopes.Alice(portal.Services);
        var asDeployer = deployer.ServiceProvider.GetRequiredService<IDeployments>();
        var asAdministrator = alice.ServiceProvider.GetRequiredService<IDeployments>();

        var byDeployer = await asDeployer.SetAutoDeployAsync("prod", "prod-pipeline", "invoice-generator", on: true, "nightly", "invoice-generator");
        var unconfirmed = await asAdministrator.SetAutoDeployAsync("prod", "prod-pipeline", "invoice-generator", on: true, reason: "nightly");
        var noReason = await asAdministrator.SetAutoDeployAsync("prod", "prod-pipeline", "invoice-generator", on: true, confirmation: "invoice-generator");
        Assert.Contains("only an Administrator", byDeployer, StringComparison.Ordinal);
        Assert.Contains("type the service name", unconfirmed, StringComparison.Ordinal);
        Assert.Contains("say why", noReason, StringComparison.Ordinal);
        Assert.Null(await portal.Services.GetRequiredService<AutoDeploys>().SettingAsync("prod", "invoice-generator", CancellationToken.None));

        Assert.Null(await asAdministrator.SetAutoDeployAsync("prod", "prod-pipeline", "invoice-generator", on: true, "releases are cut nightly", "invoice-generator"));

        var choices = (await asAdministrator.ChoicesAsync("prod", "prod-pipeline", "invoice-generator"))!;
        Assert.True(choices.AutoDeploy);
        Assert.Equal(("alice", "releases are cut nightly"), (choices.AutoDeployBy!.EnabledBy, choices.AutoDeployBy.Reason));
        var audit = (await portal.Services.GetRequiredService<AuditLog>().RecentAsync(new AuditQuery { Action = "auto-deploy-on", Actor = "alice" })).Entries;
        Assert.Contains(audit, a => a.Target == "invoice-generator" && a.Detail == "releases are cut nightly");
        Assert.Null(await asDeployer.SetAutoDeployAsync("prod", "prod-pipeline", "invoice-generator", on: false));
    }

    [Fact]
    public async Task A_key_belongs_to_its_caller_and_reused_with_another_request_answers_422_naming_the_conflict()
    {
        using var first = await TokenClientAsync(["dev"], ["*"], ["deploy"]);
        using var second = await TokenClientAsync(["dev"], ["*"], ["deploy"]);
        var mine = await BuildAsync("payment-reconciler");
        var theirs = await BuildAsync("payment-reconciler");
        var key = Key();

        using var accepted = await DeployAsync(first, "payment-reconciler", mine.Id, key);
        using var replayed = await DeployAsync(first, "payment-reconciler", mine.Id, key);
        using var otherBuild = await DeployAsync(first, "payment-reconciler", theirs.Id, key);
        using var otherCaller = await DeployAsync(second, "payment-reconciler", theirs.Id, key);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        Assert.Equal(id, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherBuild.StatusCode);
        var problem = await otherBuild.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("target differ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Another caller's same key is its own: its build is deployed (or waits its turn), never answered with the first caller's deployment.
        Assert.NotEqual(HttpStatusCode.UnprocessableEntity, otherCaller.StatusCode);
        if (otherCaller.StatusCode == HttpStatusCode.Accepted)
        {
            Assert.NotEqual(id, (await otherCaller.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Conflict, otherCaller.StatusCode);
            Assert.Contains("is being deployed", await otherCaller.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private DeploymentLedger Ledger => portal.Services.GetRequiredService<DeploymentLedger>();

    private async Task SwitchOnAsync(string service)
    {
        using var alice = PersonScopes.Alice(portal.Services);
        var deployments = alice.ServiceProvider.GetRequiredService<IDeployments>();
        Assert.Null(await deployments.SetAutoDeployAsync("dev", "dev-pipeline", service, on: true));
        Assert.Null(await deployments.SetAutoDeployAsync("prod", "prod-pipeline", service, on: true, "every build, for this test", service));
    }

    private async Task<AnnouncedBuild> BuildAsync(string service) =>
        (await portal.Services.GetRequiredService<BuildCatalog>().AnnounceAsync(
            service, $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/{service}:{Sha()[..7]}", Sha(), "A build", "sam", null, "test", CancellationToken.None)).Build;

    private static async Task<HttpResponseMessage> AnnounceAsync(HttpClient client, string service, string image) =>
        await client.PostAsJsonAsync("/api/builds", new { service, image, commitSha = Sha(), message = "A build", author = "sam" });

    private static async Task<HttpResponseMessage> DeployAsync(HttpClient client, string service, Guid buildId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments") { Content = JsonContent.Create(new { environment = "dev", service, buildId }) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private async Task<HttpClient> TokenClientAsync(string[] environments, string[] services, string[] actions, string? name = null)
    {
        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            name ?? "ci-" + Guid.NewGuid().ToString("N")[..10], new TokenScopes(environments, services, actions), "test", DateTimeOffset.UtcNow.AddDays(1));
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    private static string Key() => Guid.NewGuid().ToString("N");

    private static string Sha() => Guid.NewGuid().ToString("N")[..12];
}
