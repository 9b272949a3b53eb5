using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Api;
using Portal.Server.Tests.Support;
using Portal.Shared.Access;

namespace Portal.Server.Tests.Access;

/// <summary>Admin › API tokens on the server: who may list, create and revoke, what is checked, what is audited.</summary>
public sealed class ApiTokenAdministrationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly (string, string)[] OpsAdministrator =
        [("ops", "Administrator"), ("dev", "Administrator"), ("stage", "Administrator"), ("prod", "Administrator")];

    private static readonly (string, string)[] OnCall = [("dev", "ReadOnly"), ("stage", "ReadOnly"), ("prod", "ReadOnly")];

    [Fact]
    public async Task The_ops_administrator_creates_a_token_whose_secret_sees_only_its_environments()
    {
        var alice = Unique("alice");
        var name = Unique("ci");
        using var scope = portal.ScopeFor(alice, OpsAdministrator);
        var tokens = scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>();

        var created = await tokens.CreateAsync(Request(name, environments: ["DEV", "stage"], actions: ["view"]));

        Assert.True(created.Created, created.Problem);
        Assert.StartsWith("ptk_", created.Secret, StringComparison.Ordinal);
        Assert.Equal(["dev", "stage"], created.Token.Environments);
        Assert.Equal(alice, created.Token.CreatedBy);
        Assert.Equal(ApiTokenStatus.Active, created.Token.State);
        Assert.DoesNotContain(created.Secret, created.ToString(), StringComparison.Ordinal);

        using var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        var environments = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        Assert.Equal(["dev", "stage"], environments.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));

        var listed = Assert.Single((await tokens.ListAsync()).Tokens, t => t.Name == name);
        Assert.Equal(created.Token.Id, listed.Id);
        Assert.Equal(["*"], listed.Services);
        Assert.Equal(["view"], listed.Actions);
        Assert.NotNull(listed.LastUsedAt);

        var entry = Assert.Single(await AuditAsync(alice), e => e.Action == AuditActions.TokenCreated);
        Assert.Equal(name, entry.Target);
        Assert.StartsWith("environments=dev,stage services=* actions=view expires=", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(SignedInScopes.RemoteAddress.ToString(), entry.RemoteAddress);
    }

    [Fact]
    public async Task The_on_call_engineer_is_refused_everything_nothing_is_written_and_each_refusal_is_audited()
    {
        var oscar = Unique("oscar");
        var name = Unique("sneaky");
        var victim = await portal.Services.GetRequiredService<ApiTokenStore>()
            .CreateAsync(Unique("victim"), new TokenScopes(["dev"], ["*"], ["view"]), "test", DateTimeOffset.UtcNow.AddDays(1));
        using var scope = portal.ScopeFor(oscar, OnCall);
        var tokens = scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>();

        var list = await tokens.ListAsync();
        var create = await tokens.CreateAsync(Request(name));
        var revoke = await tokens.RevokeAsync(victim.Token.Id);

        Assert.Empty(list.Tokens);
        Assert.Contains("hold no role there", list.Problem, StringComparison.Ordinal);
        Assert.False(create.Created);
        Assert.Contains("hold no role there", create.Problem, StringComparison.Ordinal);
        Assert.False(revoke.Revoked);
        Assert.Contains("hold no role there", revoke.Message, StringComparison.Ordinal);

        var store = portal.Services.GetRequiredService<ApiTokenStore>();
        Assert.Null(await store.FindByNameAsync(name));
        Assert.Null((await store.FindAsync(victim.Token.Id))!.RevokedAt);
        var audit = await AuditAsync(oscar);
        Assert.Equal(3, audit.Count);
        Assert.All(audit, e =>
        {
            Assert.Equal(AuditActions.AccessRefused, e.Action);
            Assert.Equal("ops", e.Environment);
            Assert.Contains(nameof(PortalAction.ManageTokens), e.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_administrator_of_prod_alone_may_not_manage_tokens()
    {
        var maria = Unique("maria");
        using var scope = portal.ScopeFor(maria, ("prod", "Administrator"));

        var create = await scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>().CreateAsync(Request(Unique("ci")));

        Assert.False(create.Created);
        Assert.Single(await AuditAsync(maria), e => e.Action == AuditActions.AccessRefused);
    }

    [Theory]
    [InlineData("bad name", "dev", "*", "deploy", 90, "Name 'bad name' cannot be used: A token name is 1 to 100")]
    [InlineData("-ci", "dev", "*", "deploy", 90, "Name '-ci' cannot be used")]
    [InlineData("", "dev", "*", "deploy", 90, "Name: give the token a name")]
    [InlineData("ok", "dev", "*", "deploy,destroy", 90, "Actions: 'destroy' is not a token action; use view, announce-build, deploy or *.")]
    [InlineData("ok", "dev", "*", "", 90, "Actions: pick at least one of view, announce-build, deploy.")]
    [InlineData("ok", "", "*", "deploy", 90, "Environments: pick at least one environment, or all environments.")]
    [InlineData("ok", "dev,qa", "*", "deploy", 90, "Environments: 'qa' is not an environment you can see")]
    [InlineData("ok", "dev", "", "deploy", 90, "Services: name at least one service, or * for any.")]
    [InlineData("ok", "dev", "orders api", "deploy", 90, "Services: 'orders api' contains a space")]
    [InlineData("ok", "dev", "*", "deploy", -1, "is not in the future")]
    [InlineData("ok", "dev", "*", "deploy", 0, "is not in the future")]
    [InlineData("ok", "dev", "*", "deploy", 3651, "is too far ahead; a token may live at most 3650 days")]
    public async Task Bad_input_is_named_and_nothing_is_written(string name, string environments, string services, string actions, int days, string expected)
    {
        var alice = Unique("alice");
        var tokenName = name == "ok" ? Unique("ok") : name;
        using var scope = portal.ScopeFor(alice, OpsAdministrator);
        var time = portal.Services.GetRequiredService<TimeProvider>();
        var before = (await portal.Services.GetRequiredService<ApiTokenStore>().ListAsync()).Count;

        var result = await scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>().CreateAsync(new ApiTokenRequest(
            tokenName, Split(environments), Split(services), Split(actions), time.GetUtcNow().AddDays(days)));

        Assert.False(result.Created);
        Assert.Contains(expected, result.Problem, StringComparison.Ordinal);
        Assert.Equal(before, (await portal.Services.GetRequiredService<ApiTokenStore>().ListAsync()).Count);
        Assert.DoesNotContain(await AuditAsync(alice), e => e.Action == AuditActions.TokenCreated);
    }

    [Fact]
    public async Task Every_problem_is_named_at_once_one_a_line()
    {
        using var scope = portal.ScopeFor(Unique("alice"), OpsAdministrator);

        var result = await scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>().CreateAsync(
            new ApiTokenRequest("", [], [], [], DateTimeOffset.UtcNow.AddDays(-1)));

        Assert.False(result.Created);
        Assert.Equal(
            ["Name:", "Environments:", "Services:", "Actions:", "Expiry:"],
            result.Problem!.Split('\n').Select(line => line[..(line.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public async Task A_name_in_use_even_by_a_revoked_token_is_refused_with_the_reason()
    {
        var alice = Unique("alice");
        var name = Unique("ci");
        using var scope = portal.ScopeFor(alice, OpsAdministrator);
        var tokens = scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>();
        var first = await tokens.CreateAsync(Request(name));
        Assert.True(first.Created, first.Problem);
        Assert.True((await tokens.RevokeAsync(first.Token.Id)).Revoked);

        var again = await tokens.CreateAsync(Request(name));

        Assert.False(again.Created);
        Assert.Contains($"an API token named '{name}' already exists; names are never reused", again.Problem, StringComparison.Ordinal);
        Assert.Single((await tokens.ListAsync()).Tokens, t => t.Name == name);
        Assert.Single(await AuditAsync(alice), e => e.Action == AuditActions.TokenCreated);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_from_then_on_and_the_revocation_is_audited_once()
    {
        var alice = Unique("alice");
        var name = Unique("ci");
        using var scope = portal.ScopeFor(alice, OpsAdministrator);
        var tokens = scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>();
        var created = await tokens.CreateAsync(Request(name));
        Assert.True(created.Created, created.Problem);
        using var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/environments", UriKind.Relative))).StatusCode);

        var revoked = await tokens.RevokeAsync(created.Token.Id);
        var again = await tokens.RevokeAsync(created.Token.Id);

        Assert.True(revoked.Revoked);
        Assert.Contains($"Revoked API token '{name}'", revoked.Message, StringComparison.Ordinal);
        Assert.False(again.Revoked);
        Assert.Contains("already revoked at", again.Message, StringComparison.Ordinal);
        using var refused = await client.GetAsync(new Uri("/api/environments", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", refused.Headers.WwwAuthenticate.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ApiTokenStatus.Revoked, Assert.Single((await tokens.ListAsync()).Tokens, t => t.Name == name).State);

        var entry = Assert.Single(await AuditAsync(alice), e => e.Action == AuditActions.TokenRevoked);
        Assert.Equal(name, entry.Target);
        Assert.Equal("environments=dev services=* actions=deploy", entry.Detail);
        Assert.Equal(SignedInScopes.RemoteAddress.ToString(), entry.RemoteAddress);
    }

    [Fact]
    public async Task Revoking_a_token_that_does_not_exist_says_so()
    {
        using var scope = portal.ScopeFor(Unique("alice"), OpsAdministrator);

        var result = await scope.ServiceProvider.GetRequiredService<IApiTokenAdministration>().RevokeAsync(Guid.NewGuid());

        Assert.False(result.Revoked);
        Assert.Contains("no such API token", result.Message, StringComparison.Ordinal);
    }

    private ApiTokenRequest Request(string name, IReadOnlyList<string>? environments = null, IReadOnlyList<string>? actions = null) =>
        new(name, environments ?? ["dev"], ["*"], actions ?? ["deploy"], portal.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(90));

    private static string[] Split(string values) => values.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync(string user) =>
        (await portal.Services.GetRequiredService<AuditLog>().RecentAsync(new AuditQuery { Actor = user })).Entries;
}
