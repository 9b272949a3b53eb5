using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Aws;
using Portal.Server.Tests.Persistence;
using Portal.Server.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Server.Tests.Instances;

/// <summary>
/// Done-when of issue 15: two portal processes on one PostgreSQL against one shared cloud (the
/// fake AWS endpoint is one ECS for both). One instance polls and follows per environment, the
/// other shows the same snapshots, and when the holder is killed the other takes over.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SeveralInstancesTests(PostgresServer postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Dev = "111111111111";
    private const string Stage = "222222222222";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>What two processes on a loaded 2-core machine add to a snapshot's age: scheduling, a refresh's own duration.</summary>
    private static readonly TimeSpan ProcessAllowance = TimeSpan.FromSeconds(2);

    private FakeAws _aws = default!;
    private PostgresTestDatabase _database = default!;
    private ServiceProvider? _data;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDPORTALTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "portal-test-secret");
        _aws = await FakeAws.StartAsync();
        _aws.Fleet[Dev] = new() { ["dev-api"] = ["orders-api", "search-api", "ledger-api", "notify-api"] };
        _aws.Fleet[Stage] = new() { ["stage-api"] = ["billing-api", "orders-api"] };
        _database = await postgres.CreateDatabaseAsync("instances");
    }

    public async Task DisposeAsync()
    {
        if (_data is not null)
        {
            await _data.DisposeAsync();
        }

        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_read_aws_as_one_follow_each_deploy_once_and_the_survivor_takes_over_from_a_killed_holder()
    {
        await using var first = PortalProcess.Start(Settings());
        using var firstApi = await SignedInAsync(first);
        await EventuallyAsync(() => Task.FromResult(first.Output.Contains("Took the lease environment:dev", StringComparison.Ordinal)), "the first instance to hold dev's lease", first);
        await EventuallyAsync(async () => (await EnvironmentAsync(firstApi, "dev")).RefreshedAt is not null, "dev's first snapshot", first);
        var alone = await ReadCallsPerMinuteAsync();

        await using var second = PortalProcess.Start(Settings());
        using var secondApi = await SignedInAsync(second);
        await EventuallyAsync(async () => (await EnvironmentAsync(secondApi, "dev")).RefreshedAt is not null, "dev's snapshot on the second instance", second);
        var together = await ReadCallsPerMinuteAsync();
        output.WriteLine($"AWS read calls per minute: {alone:0} with one instance, {together:0} with two");

        // Two instances read AWS as one does (a second poller would double it).
        Assert.True(together < alone * 1.35 && together > alone * 0.65, $"AWS read calls per minute: {alone:0} with one instance, {together:0} with two");
        Assert.DoesNotContain("Took the lease", second.Output, StringComparison.Ordinal);

        // The second shows the holder's snapshot as it was read, not as received: the same read time.
        await EventuallyAsync(async () => (await EnvironmentAsync(secondApi, "dev")).RefreshedAt == (await EnvironmentAsync(firstApi, "dev")).RefreshedAt,
            "both instances to show the same snapshot of dev", second);

        // A deploy asked of the instance that does not follow is followed by the holder, to one end.
        var deployment = await DeployAsync(secondApi, "notify-api", 6);
        Assert.Equal("Completed", (await FinishedAsync(secondApi, deployment)).GetProperty("status").GetString());
        Assert.Equal("Completed", (await FinishedAsync(firstApi, deployment)).GetProperty("status").GetString());
        Assert.Equal(1, await FinishesAsync("notify-api"));

        // The holder dies: the survivor polls within two intervals (its first call at the endpoint:
        // the holder's last came before it exited), and its API stays fresh meanwhile.
        var killedAt = DateTimeOffset.UtcNow;
        first.Kill();
        var exitedAt = _aws.Now;
        var oldest = TimeSpan.Zero;
        await EventuallyAsync(async () =>
        {
            var dev = await EnvironmentAsync(secondApi, "dev");
            Assert.False(dev.IsStale, "dev went stale on the surviving instance during the takeover");
            var age = DateTimeOffset.UtcNow - dev.RefreshedAt!.Value;
            oldest = age > oldest ? age : oldest;
            return dev.RefreshedAt > killedAt;
        }, "a snapshot of dev read by the surviving instance", second);
        var takeover = _aws.Requests.Where(r => r.ReceivedAt > exitedAt).Min(r => r.ReceivedAt) - exitedAt;
        output.WriteLine($"first AWS call of the survivor after the kill: {takeover.TotalSeconds:0.0} s; oldest snapshot shown meanwhile: {oldest.TotalSeconds:0.0} s");
        Assert.Contains("Took the lease environment:dev", second.Output, StringComparison.Ordinal);
        Assert.True(takeover <= 2 * PollInterval, $"the survivor's first AWS call came {takeover.TotalSeconds:0.0} s after the holder exited");
        Assert.True(oldest <= (3 * PollInterval) + ProcessAllowance, $"the survivor showed a snapshot {oldest.TotalSeconds:0.0} s old");

        // Following moved too: a deploy now ends once, followed by the survivor.
        var again = await DeployAsync(secondApi, "search-api", 6);
        Assert.Equal("Completed", (await FinishedAsync(secondApi, again)).GetProperty("status").GetString());
        Assert.Equal(1, await FinishesAsync("search-api"));
        Assert.Equal(1, await FinishesAsync("notify-api"));

        // Every event ECS lists is archived exactly once, across the takeover.
        var listed = ListedEventIds();
        await EventuallyAsync(async () => listed.IsSubsetOf(await ArchivedEventIdsAsync()), "every listed event in the archive", second);
        await using var context = await Contexts.CreateDbContextAsync();
        Assert.Empty(await context.ArchivedServiceEvents.GroupBy(e => new { e.Environment, e.Cluster, e.Service, e.EventId }).Where(g => g.Count() > 1).Select(g => g.Key.EventId).ToListAsync());
    }

    private IDbContextFactory<PortalDbContext> Contexts => _data!.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = DatabaseOptions.PostgreSql,
            ["Database__ConnectionString"] = _database.ConnectionString,
            ["Cloud__Mode"] = "Aws",
            ["AWS_ENDPOINT_URL"] = _aws.Endpoint.ToString(),
            ["AWS_ACCESS_KEY_ID"] = "AKIDPORTALTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "portal-test-secret",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["Aws__IdentityCenter__StartUrl"] = "https://example-org.awsapps.com/start",
            ["Aws__IdentityCenter__Region"] = FakeAws.Region,
            ["Aws__Timeout"] = "00:00:02",
            ["Aws__RetryBaseDelay"] = "00:00:00.010",
            ["Aws__RetryMaxDelay"] = "00:00:00.050",
            ["Polling__Interval"] = PollInterval.ToString(),
            ["Polling__StaleAfter"] = "00:01:00",
            ["Deployments__FollowInterval"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Portal.Server.Instances"] = "Information",
        };
        foreach (var (index, name, account) in new[] { ("0", "dev", Dev), ("1", "stage", Stage) })
        {
            settings[$"Aws__Environments__{index}__Name"] = name;
            settings[$"Aws__Environments__{index}__AccountId"] = account;
            settings[$"Aws__Environments__{index}__Region"] = FakeAws.Region;
            settings[$"Aws__Environments__{index}__ReadRoleArn"] = $"arn:aws:iam::{account}:role/PortalReadOnly";
            settings[$"Aws__Environments__{index}__DeployerRoleArn"] = $"arn:aws:iam::{account}:role/PortalDeployer";
        }

        return settings;
    }

    /// <summary>Waits until the process answers, then a client with a token that may view and deploy (made once the schema exists).</summary>
    private async Task<HttpClient> SignedInAsync(PortalProcess portal)
    {
        using var probe = portal.Client();
        await EventuallyAsync(async () =>
        {
            try
            {
                using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the instance to answer", portal);

        _data ??= _database.BuildServices(TimeProvider.System);
        var created = await _data.GetRequiredService<ApiTokenStore>().CreateAsync(
            "ci-" + Guid.NewGuid().ToString("N")[..8], new TokenScopes(["dev", "stage"], ["*"], ["view", "deploy"]), "test", DateTimeOffset.UtcNow.AddDays(1));
        return portal.Client(created.Secret);
    }

    /// <summary>ECS and CloudWatch calls per minute at the fake endpoint, over six poll intervals.</summary>
    private async Task<double> ReadCallsPerMinuteAsync()
    {
        var window = PollInterval * 6;
        var from = _aws.Now;
        await Task.Delay(window);
        var to = _aws.Now;
        var reads = _aws.Requests.Count(r => r.ReceivedAt >= from && r.ReceivedAt < to && r.Operation is not ("UpdateService" or "RegisterTaskDefinition"));
        return reads / (to - from).TotalMinutes;
    }

    private static async Task<EnvironmentState> EnvironmentAsync(HttpClient api, string name)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        return new EnvironmentState(document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).Clone());
    }

    private static async Task<Uri> DeployAsync(HttpClient api, string service, int revision)
    {
        var taskDefinition = FakeEcsRegistry.TaskDefinitionArn(Dev, service, revision);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments") { Content = JsonContent.Create(new { environment = "dev", service, taskDefinition }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await api.SendAsync(request);
        var text = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"the deploy of {service}:{revision} was answered {(int)accepted.StatusCode}: {text}");
        return accepted.Headers.Location!;
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient api, Uri deployment)
    {
        var latest = default(JsonElement);
        await StrictAwsFixture.EventuallyAsync(async () =>
        {
            using var document = JsonDocument.Parse(await api.GetStringAsync(deployment));
            latest = document.RootElement.Clone();
            return latest.GetProperty("status").GetString() is "Completed" or "Failed" or "RolledBack" or "Stopped";
        }, $"the deployment {deployment} to finish");
        return latest;
    }

    private async Task<int> FinishesAsync(string service)
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return await context.AuditEntries.CountAsync(a => a.Action == "deploy-finished" && a.Target == service);
    }

    private HashSet<string> ListedEventIds()
    {
        var answer = _aws.Ecs.DescribeServices(Dev, new JsonObject
        {
            ["cluster"] = "dev-api",
            ["services"] = new JsonArray(_aws.Fleet[Dev]["dev-api"].Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        });
        return answer.Body["services"]!.AsArray()
            .SelectMany(s => s!["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()))
            .ToHashSet(StringComparer.Ordinal);
    }

    private async Task<HashSet<string>> ArchivedEventIdsAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        return (await context.ArchivedServiceEvents.Where(e => e.Environment == "dev").Select(e => e.EventId).ToListAsync()).ToHashSet(StringComparer.Ordinal);
    }

    private static Task EventuallyAsync(Func<Task<bool>> condition, string what, PortalProcess portal) =>
        StrictAwsFixture.EventuallyAsync(condition, what, seen: () => (portal.HasExited ? "the process exited. " : string.Empty) + Tail(portal.Output));

    private static string Tail(string output) => output.Length > 3000 ? output[^3000..] : output;
}
