using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// The whole portal in real-AWS mode against the fake AWS endpoint at its strictest: Fargate services
/// whose task definitions carry every member a team's real ones do, session credentials that expire,
/// a clock of its own, and failures on demand. CI deploys with API tokens under each environment's
/// deployer role. Polls every <see cref="PollInterval"/>; one HTTP attempt may take <see cref="AttemptTimeout"/>.
/// </summary>
public sealed class StrictAwsFixture : IAsyncLifetime
{
    public const string Dev = "111111111111";
    public const string Stage = "222222222222";
    public const string Cluster = "dev-api";
    public const string StageCluster = "stage-api";

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Bounds every wait: long enough for a loaded build machine, short enough to fail rather than hang.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private HttpClient? _viewer;

    public FakeAws Aws { get; private set; } = default!;

    public WebApplicationFactory<Program> Portal { get; private set; } = default!;

    /// <summary>A token that may view dev and stage, for reading the API's environments and services.</summary>
    public HttpClient Viewer => _viewer ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDPORTALTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "portal-test-secret");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        Aws = await FakeAws.StartAsync();
        Aws.Fleet[Dev] = new() { [Cluster] = ["orders-api", "search-api", "ledger-api", "checkout-api", "notify-api", "audit-api"] };
        Aws.Fleet[Stage] = new() { [StageCluster] = ["billing-api", "orders-api"] };

        Portal = new PortalApplication(host =>
        {
            host.UseSetting("Cloud:Mode", "Aws");
            host.UseSetting("AWS_ENDPOINT_URL", Aws.Endpoint.ToString());
            host.UseSetting("Aws:IdentityCenter:StartUrl", "https://example-org.awsapps.com/start");
            host.UseSetting("Aws:IdentityCenter:Region", FakeAws.Region);
            host.UseSetting("Aws:Timeout", AttemptTimeout.ToString());
            host.UseSetting("Aws:RetryBaseDelay", "00:00:00.010");
            host.UseSetting("Aws:RetryMaxDelay", "00:00:00.050");
            host.UseSetting("Polling:Interval", PollInterval.ToString());
            host.UseSetting("Polling:StaleAfter", "00:01:00");
            host.UseSetting("Deployments:FollowInterval", "00:00:01");
            Environment("0", "dev", Dev, "green");
            Environment("1", "stage", Stage, "amber");

            void Environment(string index, string name, string account, string colour)
            {
                host.UseSetting($"Aws:Environments:{index}:Name", name);
                host.UseSetting($"Aws:Environments:{index}:AccountId", account);
                host.UseSetting($"Aws:Environments:{index}:Region", FakeAws.Region);
                host.UseSetting($"Aws:Environments:{index}:Colour", colour);
                host.UseSetting($"Aws:Environments:{index}:ReadRoleArn", $"arn:aws:iam::{account}:role/PortalReadOnly");
                host.UseSetting($"Aws:Environments:{index}:DeployerRoleArn", $"arn:aws:iam::{account}:role/PortalDeployer");
            }
        });

        _viewer = await TokenClientAsync("viewer", ["*"], ["view"]);
        await EventuallyAsync(async () => (await EnvironmentAsync("dev")).RefreshedAt is not null && (await EnvironmentAsync("stage")).RefreshedAt is not null,
            "dev and stage have a first snapshot");
    }

    public async Task DisposeAsync()
    {
        _viewer?.Dispose();
        await Portal.DisposeAsync();
        await Aws.DisposeAsync();
    }

    /// <summary>A client sending a new API token's secret; the token's audit name is token:&lt;name&gt;, its role session token-&lt;name&gt;.</summary>
    public async Task<HttpClient> TokenClientAsync(string name, string[] services, string[] actions)
    {
        var created = await Portal.Services.GetRequiredService<ApiTokenStore>().CreateAsync(
            name, new TokenScopes(["dev", "stage"], services, actions), "test", DateTimeOffset.UtcNow.AddDays(1));
        var client = Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    /// <summary>The environment as GET /api/environments shows it.</summary>
    public async Task<EnvironmentState> EnvironmentAsync(string name)
    {
        using var document = JsonDocument.Parse(await Viewer.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        var environment = document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).Clone();
        return new EnvironmentState(environment);
    }

    /// <summary>The services of an environment as GET /api/environments/{env}/services shows them.</summary>
    public async Task<List<JsonElement>> ServicesAsync(string environment)
    {
        using var document = JsonDocument.Parse(await Viewer.GetStringAsync(new Uri($"/api/environments/{environment}/services", UriKind.Relative)));
        return document.RootElement.EnumerateArray().Select(s => s.Clone()).ToList();
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds; fails naming <paramref name="what"/> after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null, Func<string>? seen = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > (within ?? Patience))
            {
                Assert.Fail($"Waited {stopwatch.Elapsed.TotalSeconds:0.#} s for {what}.{(seen is null ? string.Empty : " Seen: " + seen())}");
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>One environment of GET /api/environments.</summary>
public sealed record EnvironmentState(JsonElement Json)
{
    public DateTimeOffset? RefreshedAt => Json.GetProperty("refreshedAt").ValueKind == JsonValueKind.Null ? null : Json.GetProperty("refreshedAt").GetDateTimeOffset();

    public bool IsStale => Json.GetProperty("isStale").GetBoolean();

    public string? LastError => Json.GetProperty("lastError").GetString();

    /// <summary>
    /// The freshness of one part of the snapshot ("ecs", "metrics", "alarms"), expected as
    /// <c>parts.{part}</c> = <c>{ refreshedAt, isStale, lastError }</c>; null when the API does not say it.
    /// </summary>
    public (bool IsStale, string? LastError)? Part(string part) =>
        Json.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Object && parts.TryGetProperty(part, out var freshness)
            ? (freshness.GetProperty("isStale").GetBoolean(), freshness.TryGetProperty("lastError", out var error) ? error.GetString() : null)
            : null;

    public override string ToString() => Json.GetRawText();
}

/// <summary>
/// Done-when of issue 12, end to end: build deploys to Fargate complete with every member kept;
/// recovery from expired credentials and from a 10-minute clock skew within one poll interval; a
/// CloudWatch outage leaves ECS health fresh; no duplicate revision or UpdateService after timeouts;
/// each token's session name in the signed requests; a garbled answer never empties the fleet.
/// </summary>
public sealed class StrictAwsTests(StrictAwsFixture fixture) : IClassFixture<StrictAwsFixture>
{
    private const string Dev = StrictAwsFixture.Dev;

    /// <summary>What a refresh may take on top of the interval before it has published.</summary>
    private static readonly TimeSpan RefreshAllowance = TimeSpan.FromSeconds(2);

    /// <summary>Members ECS adds to a registered revision; RegisterTaskDefinition does not take them.</summary>
    private static readonly string[] ReadOnlyMembers =
        ["taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt"];

    private FakeAws Aws => fixture.Aws;

    [Fact]
    public async Task A_build_deployed_by_ci_to_a_fargate_service_completes_and_its_revision_keeps_every_member_of_the_current_one()
    {
        const string service = "orders-api";
        using var ci = await fixture.TokenClientAsync(TokenName("ci-orders"), [service], ["view", "announce-build", "deploy"]);
        var current = Aws.Ecs.Revisions(Dev, service)[^1];
        var currentTags = Aws.Ecs.TagsOf(Dev, service, current["revision"]!.GetValue<int>());

        var (image, deployment) = await DeployBuildAsync(ci, "dev", service);
        var finished = await FinishedAsync(ci, deployment);

        Assert.Equal("Completed", finished.GetProperty("status").GetString());
        var revisions = Aws.Ecs.Revisions(Dev, service);
        Assert.Equal(FakeTaskDefinitionSeed.CurrentRevision + 1, revisions.Count);
        var registered = revisions[^1];
        Assert.Equal(registered["taskDefinitionArn"]!.GetValue<string>(), Aws.Ecs.CurrentTaskDefinition(Dev, StrictAwsFixture.Cluster, service));
        Assert.Equal(image, ContainerNamed(registered, service)["image"]!.GetValue<string>());
        var expected = Comparable(current, service);
        var actual = Comparable(registered, service);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"The new revision differs from the current one beyond the image.\ncurrent: {expected.ToJsonString()}\nnew:     {actual.ToJsonString()}");
        Assert.True(JsonNode.DeepEquals(currentTags, Aws.Ecs.TagsOf(Dev, service, registered["revision"]!.GetValue<int>())), "the revision's tags were kept");
        Assert.Single(Writes("RegisterTaskDefinition", service));
    }

    [Fact]
    public async Task After_the_keys_expire_polling_recovers_within_one_poll_interval_and_a_deploy_succeeds()
    {
        const string environment = "stage";
        const string service = "billing-api";
        await FreshAsync(environment);
        var expiredAt = DateTimeOffset.UtcNow;

        Aws.ExpireKeys(StrictAwsFixture.Stage);

        await StrictAwsFixture.EventuallyAsync(() => Task.FromResult(Answered(StrictAwsFixture.Stage, "ExpiredTokenException", expiredAt)),
            "the poller to meet the expired keys", StrictAwsFixture.PollInterval * 3);
        var errors = await RecoveredAsync(environment, expiredAt);
        Assert.Empty(errors);
        var recovered = (await fixture.EnvironmentAsync(environment)).RefreshedAt!.Value;
        Assert.True(recovered - expiredAt <= StrictAwsFixture.PollInterval + RefreshAllowance,
            $"the first snapshot after the keys expired was taken {(recovered - expiredAt).TotalSeconds:0.#} s later");

        using var ci = await fixture.TokenClientAsync(TokenName("ci-billing"), [service], ["view", "announce-build", "deploy"]);
        var (_, deployment) = await DeployBuildAsync(ci, environment, service);
        Assert.Equal("Completed", (await FinishedAsync(ci, deployment)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_the_clock_of_aws_ten_minutes_ahead_polling_recovers_within_one_poll_interval()
    {
        await FreshAsync("dev");
        var skewedAt = DateTimeOffset.UtcNow;
        try
        {
            Aws.ClockOffset = TimeSpan.FromMinutes(10);

            // Whichever environment's poller meets it first teaches the portal AWS's time for the endpoint.
            await StrictAwsFixture.EventuallyAsync(() => Task.FromResult(Answered(account: null, "InvalidSignatureException", skewedAt)),
                "the portal to meet the skewed clock", StrictAwsFixture.PollInterval * 3, () => Since(Dev, skewedAt));
            var errors = await RecoveredAsync("dev", skewedAt);
            Assert.Empty(errors);
            var recovered = (await fixture.EnvironmentAsync("dev")).RefreshedAt!.Value;
            Assert.True(recovered - skewedAt <= StrictAwsFixture.PollInterval + RefreshAllowance,
                $"the first snapshot after the clock moved was taken {(recovered - skewedAt).TotalSeconds:0.#} s later");
        }
        finally
        {
            Aws.ClockOffset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task With_cloudwatch_down_ecs_health_stays_fresh_and_only_metrics_and_alarms_turn_stale()
    {
        await FreshAsync("dev");
        var downAt = DateTimeOffset.UtcNow;
        try
        {
            Aws.Down("monitoring");

            await StrictAwsFixture.EventuallyAsync(() => Task.FromResult(Answered(Dev, "ServiceUnavailable", downAt)),
                "the poller to meet the CloudWatch outage", StrictAwsFixture.PollInterval * 3);
            var afterOutage = Aws.Now;
            await StrictAwsFixture.EventuallyAsync(async () => (await fixture.EnvironmentAsync("dev")).RefreshedAt > afterOutage,
                "a snapshot of ECS taken while CloudWatch is down", StrictAwsFixture.PollInterval * 3 + RefreshAllowance);

            var dev = await fixture.EnvironmentAsync("dev");
            Assert.False(dev.IsStale, dev.ToString());
            var services = await fixture.ServicesAsync("dev");
            Assert.Equal(6, services.Count);
            Assert.All(services, s => Assert.NotEqual("Unknown", s.GetProperty("health").GetString()));
            Assert.True(dev.Part("ecs") is { IsStale: false, LastError: null }, $"the ECS part is fresh: {dev}");
            var cloudWatch = dev.Part("cloudWatch");
            Assert.True(cloudWatch is { IsStale: true }, $"metrics and alarms are marked stale: {dev}");
            Assert.Contains("monitoring", cloudWatch!.Value.LastError ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Aws.Up("monitoring");
        }
    }

    [Fact]
    public async Task Writes_slower_than_the_timeout_register_one_revision_and_update_the_service_once()
    {
        const string service = "checkout-api";
        var slowness = StrictAwsFixture.AttemptTimeout * 2;
        using var ci = await fixture.TokenClientAsync(TokenName("ci-checkout"), [service], ["view", "announce-build", "deploy"]);
        Aws.Slow("RegisterTaskDefinition", slowness, apply: true);
        Aws.Slow("UpdateService", slowness, apply: true);

        var stopwatch = Stopwatch.StartNew();
        var (_, deployment) = await DeployBuildAsync(ci, "dev", service);
        var answeredIn = stopwatch.Elapsed;
        var finished = await FinishedAsync(ci, deployment, done: d => d.GetProperty("status").GetString() is not ("Requested"));
        await StrictAwsFixture.EventuallyAsync(() => Task.FromResult(Writes("UpdateService", service).Count > 0
                && Writes("RegisterTaskDefinition", service).Concat(Writes("UpdateService", service)).All(r => r.AnsweredAt is not null)),
            "the slow writes to be sent and answered");

        Assert.True(answeredIn < StrictAwsFixture.AttemptTimeout * 3, $"the deploy request was answered after {answeredIn.TotalSeconds:0.#} s");
        Assert.Contains(finished.GetProperty("status").GetString(), new[] { "InProgress", "Completed" });
        Assert.Equal(FakeTaskDefinitionSeed.CurrentRevision + 1, Aws.Ecs.Revisions(Dev, service).Count);
        Assert.Single(Writes("UpdateService", service));
        Assert.Equal(FakeEcsRegistry.TaskDefinitionArn(Dev, service, FakeTaskDefinitionSeed.CurrentRevision + 1), Aws.Ecs.CurrentTaskDefinition(Dev, StrictAwsFixture.Cluster, service));
    }

    [Fact]
    public async Task Two_tokens_deploying_at_once_each_sign_their_writes_with_their_own_session_name()
    {
        var alpha = TokenName("ci-alpha");
        var beta = TokenName("ci-beta");
        using var alphaClient = await fixture.TokenClientAsync(alpha, ["search-api"], ["view", "announce-build", "deploy"]);
        using var betaClient = await fixture.TokenClientAsync(beta, ["ledger-api"], ["view", "announce-build", "deploy"]);

        // Earlier revisions, so that only the session, not how a new revision is built, decides the outcome.
        var deploys = await Task.WhenAll(DeployRevisionAsync(alphaClient, "search-api", 6), DeployRevisionAsync(betaClient, "ledger-api", 6));
        await Task.WhenAll(FinishedAsync(alphaClient, deploys[0]), FinishedAsync(betaClient, deploys[1]));

        foreach (var (service, token) in new[] { ("search-api", alpha), ("ledger-api", beta) })
        {
            var writes = Writes("RegisterTaskDefinition", service).Concat(Writes("UpdateService", service)).ToList();
            var signedAs = string.Join(", ", writes.Select(w => $"{w.Operation} as {w.Signer?.RoleName}/{w.SessionName}").Distinct());
            Assert.True(writes.Count > 0 && writes.All(w => w.Signer?.RoleName == "PortalDeployer" && w.SessionName == $"token-{token}"),
                $"{service}, deployed by token:{token}, was written {signedAs}");
        }
    }

    [Fact]
    public async Task A_garbled_list_of_services_is_never_published_as_an_empty_fleet()
    {
        await FreshAsync("dev");
        var before = (await fixture.ServicesAsync("dev")).Count;
        Aws.Garble("ListServices", 1, FakeGarbling.TruncatedJson, Dev);
        Aws.Garble("ListServices", 1, FakeGarbling.Html, Dev);
        Aws.Garble("ListServices", 1, FakeGarbling.Empty, Dev);
        var counts = new List<int>();

        await StrictAwsFixture.EventuallyAsync(async () =>
        {
            counts.Add((await fixture.ServicesAsync("dev")).Count);
            var garbled = Aws.Requests.Where(r => r.Garbled is not null).ToList();
            return garbled.Count == 3 && (await fixture.EnvironmentAsync("dev")).RefreshedAt > garbled.Max(r => r.AnsweredAt);
        }, "the garbled answers to be served and a good refresh after them");

        Assert.Equal(6, before);
        Assert.True(counts.All(count => count == before), $"dev listed {string.Join(", then ", counts.Distinct())} services while ListServices answered garbled 200s");
    }

    [Fact]
    public async Task The_poller_reads_tasks_through_the_endpoint_and_a_stopped_one_reaches_the_archive_with_its_exit_code()
    {
        await FreshAsync("dev");
        var service = (await fixture.ServicesAsync("dev")).First();
        var path = $"/api/environments/dev/clusters/{service.GetProperty("cluster").GetString()}/services/{service.GetProperty("name").GetString()}/tasks";
        JsonElement running = default;
        JsonElement stopped = default;

        await StrictAwsFixture.EventuallyAsync(async () =>
        {
            using var runningPage = JsonDocument.Parse(await fixture.Viewer.GetStringAsync(new Uri(path + "?status=running", UriKind.Relative)));
            using var stoppedPage = JsonDocument.Parse(await fixture.Viewer.GetStringAsync(new Uri(path + "?status=stopped", UriKind.Relative)));
            running = runningPage.RootElement.Clone();
            stopped = stoppedPage.RootElement.Clone();
            return running.GetProperty("tasks").GetArrayLength() > 0 && stopped.GetProperty("tasks").GetArrayLength() > 0;
        }, "the service's running tasks and its stopped one archived");

        Assert.Equal(service.GetProperty("runningCount").GetInt32(), running.GetProperty("tasks").GetArrayLength());
        Assert.Equal("Essential container in task exited, exit 1", stopped.GetProperty("tasks")[0].GetProperty("stopSummary").GetString());
        Assert.Contains(Aws.Requests, r => r.Operation == "ListTasks");
        Assert.Contains(Aws.Requests, r => r.Operation == "DescribeTasks");
    }

    [Fact]
    public void Every_request_the_portal_sent_fits_its_operations_input_shape_in_the_aws_model()
    {
        var models = new Dictionary<string, AwsServiceModel>(StringComparer.Ordinal)
        {
            ["AmazonEC2ContainerServiceV20141113"] = AwsServiceModel.Load("ecs"),
            ["GraniteServiceVersion20100801"] = AwsServiceModel.Load("cloudwatch"),
            ["AWSInsightsIndexService"] = AwsServiceModel.Load("ce"),
        };
        var requests = Aws.Requests.ToList();

        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            var prefix = request.Target[..request.Target.IndexOf('.', StringComparison.Ordinal)];
            Assert.Empty(models[prefix].ValidateInput(request.Operation, request.Body));
        }
    }

    private static string TokenName(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private static JsonNode ContainerNamed(JsonObject revision, string name) =>
        revision["containerDefinitions"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;

    /// <summary>A revision as RegisterTaskDefinition would take it, the app container's image left out.</summary>
    private static JsonObject Comparable(JsonObject revision, string service)
    {
        var copy = revision.DeepClone().AsObject();
        foreach (var member in ReadOnlyMembers)
        {
            copy.Remove(member);
        }

        ContainerNamed(copy, service).AsObject().Remove("image");
        return copy;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Announces a build of the service and asks for its deploy; the image and where to follow the deployment.</summary>
    private async Task<(string Image, Uri Deployment)> DeployBuildAsync(HttpClient ci, string environment, string service)
    {
        var commit = Guid.NewGuid().ToString("N")[..12];
        var account = environment == "dev" ? Dev : StrictAwsFixture.Stage;
        var image = $"{FakeTaskDefinitionSeed.ImageRepository(account, service)}:{commit[..7]}";
        using var announced = await ci.PostAsJsonAsync("/api/builds", new { service, image, commitSha = commit, message = "Faster checkout", author = "sam" });
        var build = (await ReadAsync(announced)).GetProperty("id").GetGuid();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments") { Content = JsonContent.Create(new { environment, service, buildId = build }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await ci.SendAsync(request);
        var text = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"the deploy of {service} was answered {(int)accepted.StatusCode}: {text}");
        return (image, accepted.Headers.Location!);
    }

    private static async Task<Uri> DeployRevisionAsync(HttpClient ci, string service, int revision)
    {
        var taskDefinition = FakeEcsRegistry.TaskDefinitionArn(Dev, service, revision);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deployments") { Content = JsonContent.Create(new { environment = "dev", service, taskDefinition }) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await ci.SendAsync(request);
        var text = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"the deploy of {service}:{revision} was answered {(int)accepted.StatusCode}: {text}");
        return accepted.Headers.Location!;
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient ci, Uri deployment, Func<JsonElement, bool>? done = null)
    {
        var finished = done ?? (d => d.GetProperty("status").GetString() is "Completed" or "Failed" or "RolledBack" or "Stopped");
        var latest = default(JsonElement);
        await StrictAwsFixture.EventuallyAsync(async () =>
        {
            using var response = await ci.GetAsync(deployment);
            latest = await ReadAsync(response);
            return finished(latest);
        }, $"the deployment {deployment} to finish");
        return latest;
    }

    /// <summary>Requests of a write operation for the service (UpdateService) or its task definition family (RegisterTaskDefinition).</summary>
    private List<FakeAwsRequest> Writes(string operation, string service) =>
        Aws.RequestsOf(operation).Where(r => (r.Body["service"] ?? r.Body["family"])?.GetValue<string>() is { } name && name.EndsWith(service, StringComparison.Ordinal)).ToList();

    /// <summary>Whether the fake refused a request of the account with this error since then.</summary>
    /// <summary>Whether a request of the account's callers (any account's, for null) was answered with the error since then.</summary>
    private bool Answered(string? account, string error, DateTimeOffset since) =>
        Aws.Requests.Any(r => r.AnsweredError == error && r.ReceivedAt - Aws.ClockOffset >= since
            && (account is null || r.Signer?.AccountId == account || r.Authorization.Contains("ASIA" + account, StringComparison.Ordinal)));

    /// <summary>What the account's callers sent since then, and how each was answered, for a failure's message.</summary>
    private string Since(string account, DateTimeOffset since) =>
        $"offset the portal signs with: {fixture.Portal.Services.GetRequiredService<Portal.Server.Cloud.Aws.AwsClock>().Offset(Aws.Endpoint.Authority)}; " + string.Join("; ", Aws.Requests
        .Where(r => r.ReceivedAt - Aws.ClockOffset >= since && (r.Signer?.AccountId == account || r.Authorization.Contains("ASIA" + account, StringComparison.Ordinal)))
        .Take(12)
        .Select(r => $"{r.Operation} {r.AnsweredError ?? "ok"} {r.Signer?.SessionName}"));

    private async Task FreshAsync(string environment) =>
        await StrictAwsFixture.EventuallyAsync(async () => (await fixture.EnvironmentAsync(environment)) is { IsStale: false, LastError: null, RefreshedAt: not null },
            $"{environment} to be fresh");

    /// <summary>Waits for a snapshot taken after <paramref name="since"/>; the refresh errors the API showed meanwhile.</summary>
    private async Task<List<string>> RecoveredAsync(string environment, DateTimeOffset since)
    {
        var errors = new List<string>();
        await StrictAwsFixture.EventuallyAsync(async () =>
        {
            var state = await fixture.EnvironmentAsync(environment);
            if (state.LastError is { } error && !errors.Contains(error))
            {
                errors.Add(error);
            }

            return state.RefreshedAt >= since;
        }, $"a snapshot of {environment} taken after {since:HH:mm:ss.fff}", StrictAwsFixture.PollInterval * 3 + RefreshAllowance);
        return errors;
    }
}
