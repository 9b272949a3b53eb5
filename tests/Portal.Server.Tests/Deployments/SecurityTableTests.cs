using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Deployments;

/// <summary>
/// Who may do what where, as one table run through the HTTP API: people by their role, tokens by
/// their scopes, each action in dev and in prod (protected). The README's authorization table says the same.
/// </summary>
/// <remarks>
/// A deploy row that is allowed names a build nobody announced: the access guards pass, the
/// unknown build is the first refusal (400), so the table deploys nothing. Refusals are 403 where
/// the caller may see the environment and 404 where it may not. Auto-deploy rows announce a real
/// build with auto-deploy on in both environments and read which environments it went to.
/// </remarks>
public sealed class SecurityTableTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    private const int Allowed = 0;

    /// <summary>Caller, environment, expected status (<see cref="Allowed"/>: past every access guard).</summary>
    public static TheoryData<string, string, int> Deploys => new()
    {
        // People, by the role they hold there.
        { "person:oscar (ReadOnly)", "dev", 403 },
        { "person:oscar (ReadOnly)", "prod", 403 },
        { "person:sam (Deployer dev, ReadOnly prod)", "dev", Allowed },
        { "person:sam (Deployer dev, ReadOnly prod)", "prod", 403 },
        { "person:dmitri (Deployer dev only)", "prod", 404 },
        { "person:alice (Administrator)", "dev", Allowed },
        { "person:alice (Administrator)", "prod", Allowed },

        // Tokens, by their scopes: environments / services / actions.
        { "token:dev/*/deploy", "dev", Allowed },
        { "token:dev/*/deploy", "prod", 404 },
        { "token:*/*/deploy", "prod", Allowed },
        { "token:*/*/view", "dev", 403 },
        { "token:*/*/announce-build", "prod", 403 },
        { "token:*/other-api/deploy", "dev", 403 },
    };

    /// <summary>Caller, environment the announced service is looked up in, expected status.</summary>
    public static TheoryData<string, int> Announcements => new()
    {
        { "person:alice (Administrator)", 403 },
        { "token:*/*/view", 403 },
        { "token:*/*/deploy", 403 },
        { "token:dev/*/announce-build", 201 },
        { "token:*/other-api/announce-build", 403 },
        { "token:*/*/announce-build", 201 },
    };

    /// <summary>Token scopes, service (one per row, so no row waits on another's deploy), environments auto-deploy goes to.</summary>
    public static TheoryData<string, string, string> AutoDeploys => new()
    {
        { "token:*/*/announce-build", "pricing-api", "" },
        { "token:dev/*/announce-build,deploy", "inventory-api", "dev" },
        { "token:prod/*/announce-build,deploy", "tracking-api", "prod" },
        { "token:*/*/announce-build,deploy", "notifications-api", "dev,prod" },
        { "token:dev/search-api/announce-build,deploy", "search-api", "dev" },
    };

    /// <summary>
    /// Person (seed user and the roles the scope holds), action, environment, allowed. Rollback and
    /// publish have no HTTP route: they run through the services the pages call, in the person's scope.
    /// </summary>
    public static TheoryData<string, string, string, bool> PageActions => new()
    {
        { "oscar:ReadOnly", "rollback", "dev", false },
        { "oscar:ReadOnly", "publish", "prod", false },
        { "sam:Deployer", "rollback", "dev", true },
        { "sam:ReadOnly", "rollback", "prod", false },
        { "maria:Publisher", "publish", "prod", true },
        { "maria:Publisher", "rollback", "prod", false },
        { "sam:Deployer", "publish", "dev", true },
        { "alice:Administrator", "rollback", "prod", true },
        { "alice:Administrator", "publish", "prod", true },
    };

    [Theory]
    [MemberData(nameof(PageActions))]
    public async Task Page_action(string person, string action, string environment, bool allowed)
    {
        var (name, role) = (person.Split(':')[0], person.Split(':')[1]);
        using var scope = PersonScopes.For(portal.Services, name, (environment, role));
        var result = action == "rollback"
            ? await scope.ServiceProvider.GetRequiredService<Portal.Shared.Deployments.IDeployments>().RollbackAsync(
                new Portal.Shared.Deployments.RollbackCommand(environment, $"{environment}-api", "catalog-api", Guid.NewGuid().ToString("N")))
            : await scope.ServiceProvider.GetRequiredService<Portal.Shared.Deployments.IPublishing>().PublishAsync(
                environment, $"{environment}-cdn", "www", Guid.NewGuid(), Guid.NewGuid().ToString("N"));

        // Past access, the first refusal is a guard's own: the typed name (prod rollback), no rollback target, or the unknown build.
        var passedAccess = result.Accepted || result.Problem!.Kind == Portal.Shared.Deployments.DeployProblemKind.Invalid
            || result.Problem.Message.StartsWith("No earlier completed deployment", StringComparison.Ordinal);
        Assert.True(allowed == passedAccess, $"{person} {action} {environment}: {result.Problem?.Kind} {result.Problem?.Message}");
    }

    [Theory]
    [MemberData(nameof(Deploys))]
    public async Task Deploy(string caller, string environment, int expected)
    {
        using var client = await ClientAsync(caller);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments")
        {
            Content = JsonContent.Create(new { environment, service = "orders-api", buildId = Guid.NewGuid(), reason = "table", confirmation = "orders-api" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));

        using var response = await client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        if (expected == Allowed)
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest && body.Contains("no announced build", StringComparison.Ordinal), $"{(int)response.StatusCode}: {body}");
        }
        else
        {
            Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Announcements))]
    public async Task Announce(string caller, int expected)
    {
        using var client = await ClientAsync(caller);

        using var response = await client.PostAsJsonAsync("/api/builds", new
        {
            service = "orders-api", image = "318274650192.dkr.ecr.eu-west-1.amazonaws.com/orders-api:" + Sha()[..7], commitSha = Sha(), message = "table", author = "sam",
        });

        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AutoDeploys))]
    public async Task Auto_deploy(string caller, string service, string environments)
    {
        using (var alice = PersonScopes.Alice(portal.Services))
        {
            var deployments = alice.ServiceProvider.GetRequiredService<Portal.Shared.Deployments.IDeployments>();
            Assert.Null(await deployments.SetAutoDeployAsync("dev", "dev-api", service, on: true));
            Assert.Null(await deployments.SetAutoDeployAsync("prod", "prod-api", service, on: true, "table", service));
        }

        using var client = await ClientAsync(caller);
        using var announced = await client.PostAsJsonAsync("/api/builds", new
        {
            service, image = $"318274650192.dkr.ecr.eu-west-1.amazonaws.com/{service}:" + Sha()[..7], commitSha = Sha(), message = "table", author = "sam",
        });

        Assert.Equal(HttpStatusCode.Created, announced.StatusCode);
        var ledger = portal.Services.GetRequiredService<DeploymentLedger>();
        var went = new List<string>();
        foreach (var id in (await announced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("autoDeployments").EnumerateArray())
        {
            went.Add((await ledger.FindAsync(id.GetGuid(), CancellationToken.None))!.Environment);
        }

        Assert.Equal(environments.Split(',', StringSplitOptions.RemoveEmptyEntries), went.Order());
    }

    /// <summary>"person:name (…)" signs that seed person in; "token:envs/services/actions" makes a token with those scopes.</summary>
    private async Task<HttpClient> ClientAsync(string caller)
    {
        if (caller.StartsWith("person:", StringComparison.Ordinal))
        {
            return await portal.SignedInClientAsync(caller["person:".Length..].Split(' ')[0]);
        }

        var scopes = caller["token:".Length..].Split('/');
        var created = await portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            "table-" + Guid.NewGuid().ToString("N")[..10],
            new TokenScopes(scopes[0].Split(','), scopes[1].Split(','), scopes[2].Split(',')),
            "test",
            DateTimeOffset.UtcNow.AddDays(1));
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    private static string Sha() => Guid.NewGuid().ToString("N")[..12];
}
