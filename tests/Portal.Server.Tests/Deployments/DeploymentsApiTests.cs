using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Deployments;

/// <summary>CI's side over HTTP: announce a build, ask for a deploy with a token, follow it.</summary>
public sealed class DeploymentsApiTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    [Fact]
    public async Task A_ci_token_announces_a_build_and_deploys_it_to_dev_then_follows_it_to_completed()
    {
        using var ci = await TokenClientAsync(["dev"], ["identity-api"], ["announce-build", "deploy"]);
        var image = $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/identity-api:{Sha()[..7]}";

        using var announced = await ci.PostAsJsonAsync("/api/builds", new { service = "identity-api", image, commitSha = Sha(), message = "Faster token checks", author = "sam" });
        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        var buildId = (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var again = await ci.PostAsJsonAsync("/api/builds", new { service = "identity-api", image, commitSha = Sha(), message = "Faster token checks", author = "sam" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments") { Content = JsonContent.Create(new { environment = "dev", service = "identity-api", buildId }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await ci.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!;
        var started = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ci", started.GetProperty("source").GetString());
        Assert.StartsWith("token:", started.GetProperty("actor").GetString(), StringComparison.Ordinal);

        var finished = await DeployPortal.EventuallyAsync(
            async () => await ci.GetFromJsonAsync<JsonElement>(location),
            d => d.GetProperty("status").GetString() is "Completed" or "Failed" or "RolledBack" or "Stopped",
            TimeSpan.FromSeconds(60));
        Assert.Equal("Completed", finished.GetProperty("status").GetString());
        Assert.Equal(image, finished.GetProperty("image").GetString());
    }

    [Fact]
    public async Task A_ci_token_rolls_back_to_the_revision_before_and_is_refused_a_revision_that_never_ran_before()
    {
        using var ci = await TokenClientAsync(["dev"], ["pricing-api"], ["announce-build", "deploy"]);
        var before = portal.Service("dev", "pricing-api").Service.TaskDefinition.Arn;
        var image = $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/pricing-api:{Sha()[..7]}";
        using var announced = await ci.PostAsJsonAsync("/api/builds", new { service = "pricing-api", image, commitSha = Sha(), message = "Cache prices", author = "sam" });
        var buildId = (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var deployed = await ci.PostAsJsonAsync("/api/deployments", new { environment = "dev", service = "pricing-api", buildId, idempotencyKey = Guid.NewGuid().ToString() });
        await FinishedAsync(ci, deployed.Headers.Location!);

        using var wrong = await ci.PostAsJsonAsync("/api/deployments/rollbacks", new
        {
            environment = "dev", service = "pricing-api", taskDefinition = (await deployed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("toTaskDefinition").GetString(),
            idempotencyKey = Guid.NewGuid().ToString(),
        });
        using var rolledBack = await ci.PostAsJsonAsync("/api/deployments/rollbacks", new { environment = "dev", service = "pricing-api", idempotencyKey = Guid.NewGuid().ToString() });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, rolledBack.StatusCode);
        var rollback = await rolledBack.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rollback", rollback.GetProperty("kind").GetString());
        Assert.Equal(before, rollback.GetProperty("toTaskDefinition").GetString());
        Assert.Equal("Completed", (await FinishedAsync(ci, rolledBack.Headers.Location!)).GetProperty("status").GetString());
    }

    private static Task<JsonElement> FinishedAsync(HttpClient client, Uri location) =>
        DeployPortal.EventuallyAsync(
            async () => await client.GetFromJsonAsync<JsonElement>(location),
            d => d.GetProperty("status").GetString() is "Completed" or "Failed" or "RolledBack" or "Stopped",
            TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Bad_announcements_say_what_to_fix()
    {
        using var ci = await TokenClientAsync(["dev"], ["*"], ["announce-build"]);
        using var viewer = await TokenClientAsync(["dev"], ["*"], ["view"]);

        Assert.Equal(HttpStatusCode.BadRequest, (await ci.PostAsJsonAsync("/api/builds", new { service = "identity-api", image = "Not An Image!", commitSha = Sha(), message = "m", author = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ci.PostAsJsonAsync("/api/builds", new { service = "identity-api", image = "repo/identity-api:1", commitSha = "xyz", message = "m", author = "a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ci.PostAsJsonAsync("/api/builds", new { service = "no-such-api", image = "repo/x:1", commitSha = Sha(), message = "m", author = "a" })).StatusCode);
        using var refused = await viewer.PostAsJsonAsync("/api/builds", new { service = "identity-api", image = "repo/identity-api:1", commitSha = Sha(), message = "m", author = "a" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("announce-build", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_deploy_requests_are_refused_with_the_status_that_fits_and_nothing_is_recorded()
    {
        using var ci = await TokenClientAsync(["dev"], ["*"], ["deploy"]);
        var builds = await portal.Services.GetRequiredService<Portal.Server.Deployments.BuildCatalog>().OfServiceAsync("checkout-web", 10, CancellationToken.None);

        using var noKey = await ci.PostAsJsonAsync("/api/deployments", new { environment = "dev", service = "checkout-web", buildId = builds[0].Id });
        using var unknownBuild = await ci.PostAsJsonAsync("/api/deployments", new { environment = "dev", service = "checkout-web", buildId = Guid.NewGuid(), idempotencyKey = "k1" });
        using var outOfScope = await ci.PostAsJsonAsync("/api/deployments", new { environment = "prod", service = "checkout-web", buildId = builds[0].Id, idempotencyKey = "k2" });
        using var otherFamily = await ci.PostAsJsonAsync("/api/deployments", new { environment = "dev", service = "checkout-web", taskDefinition = "arn:aws:ecs:eu-west-1:318274650192:task-definition/orders-api:3", idempotencyKey = "k3" });

        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        Assert.Contains("idempotency key", await noKey.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, unknownBuild.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outOfScope.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, otherFamily.StatusCode);
        var ledger = await portal.Services.GetRequiredService<Portal.Server.Deployments.DeploymentLedger>().OfServiceAsync("dev", "dev-app", "checkout-web", 100, CancellationToken.None);
        Assert.DoesNotContain(ledger, d => d.Actor.StartsWith("token:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deployment_of_an_environment_the_caller_cannot_see_is_not_found()
    {
        using var devOnly = await TokenClientAsync(["dev"], ["*"], ["view"]);
        using var alice = await portal.SignedInClientAsync("alice");
        var builds = await portal.Services.GetRequiredService<Portal.Server.Deployments.BuildCatalog>().OfServiceAsync("www", 10, CancellationToken.None);
        var build = builds.Count > 0 ? builds[0].Id : (await portal.Services.GetRequiredService<Portal.Server.Deployments.BuildCatalog>().AnnounceAsync(
            "www", "repo/www:abc1234", "abc1234", "m", "a", null, "test", CancellationToken.None)).Build.Id;

        using var accepted = await alice.PostAsJsonAsync("/api/deployments", new { environment = "stage", service = "www", buildId = build, idempotencyKey = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await devOnly.GetAsync(accepted.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(accepted.Headers.Location)).StatusCode);
    }

    private async Task<HttpClient> TokenClientAsync(string[] environments, string[] services, string[] actions)
    {
        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            "ci-" + Guid.NewGuid().ToString("N")[..10], new TokenScopes(environments, services, actions), "test", DateTimeOffset.UtcNow.AddDays(1));
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    private static string Sha() => Guid.NewGuid().ToString("N")[..12];
}

/// <summary>Auto-deploy: switched on by someone who may deploy there, then every announced build goes out by itself.</summary>
public sealed class AutoDeployTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    [Fact]
    public async Task With_auto_deploy_on_in_dev_an_announced_build_is_deployed_there_and_recorded_as_auto()
    {
        using (var alice = PersonScopes.Alice(portal.Services))
        {
            Assert.Null(await alice.ServiceProvider.GetRequiredService<Portal.Shared.Deployments.IDeployments>().SetAutoDeployAsync("dev", "dev-app", "account-web", on: true));
        }

        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            "ci-auto", new TokenScopes(["dev"], ["account-web"], ["announce-build", "deploy"]), "test", DateTimeOffset.UtcNow.AddDays(1));
        using var ci = portal.CreateClient();
        ci.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        var image = "318274650192.dkr.ecr.eu-west-1.amazonaws.com/account-web:" + Guid.NewGuid().ToString("N")[..7];

        using var announced = await ci.PostAsJsonAsync("/api/builds", new { service = "account-web", image, commitSha = "abcdef1", message = "New account menu", author = "sam" });

        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        var id = Assert.Single((await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoDeployments").EnumerateArray()).GetGuid();
        var ledger = portal.Services.GetRequiredService<Portal.Server.Deployments.DeploymentLedger>();
        var finished = await DeployPortal.EventuallyAsync(() => ledger.FindAsync(id, CancellationToken.None), d => d!.IsFinished, TimeSpan.FromSeconds(60));
        Assert.Equal(Portal.Shared.Deployments.DeploymentStatus.Completed, finished!.Status);
        Assert.Equal(("auto", "auto (token:ci-auto)", "dev"), (finished.Source, finished.Actor, finished.Environment));
        Assert.Equal(image, finished.Image);
    }

    [Fact]
    public async Task Someone_who_may_not_deploy_there_cannot_switch_auto_deploy_on()
    {
        using var oscar = PersonScopes.For(portal.Services, "oscar", ("dev", "ReadOnly"));

        var refused = await oscar.ServiceProvider.GetRequiredService<Portal.Shared.Deployments.IDeployments>().SetAutoDeployAsync("dev", "dev-app", "admin-web", on: true);

        Assert.Contains("needs the Deployer or Administrator role", refused, StringComparison.Ordinal);
        Assert.False(await portal.Services.GetRequiredService<Portal.Server.Deployments.AutoDeploys>().SettingAsync("dev", "admin-web", CancellationToken.None) is not null);
    }
}
