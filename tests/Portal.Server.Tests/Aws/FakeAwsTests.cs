using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Portal.Server.Tests.Aws;

/// <summary>The fake AWS endpoint refuses what AWS refuses, so that tests against it mean something.</summary>
public sealed class FakeAwsTests : IAsyncLifetime
{
    private const string Account = "555566667777";
    private const string Cluster = "pay";
    private const string Service = "orders-api";
    private static readonly HashSet<string> ReadOnlyMembers =
        ["taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt"];

    private readonly HttpClient _http = new();
    private FakeAws _aws = default!;

    private FakeEcsRegistry Ecs => _aws.Ecs;

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync();
        _aws.Fleet[Account] = new() { [Cluster] = [Service, "billing-api"] };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _aws.DisposeAsync();
    }

    [Fact]
    public void Each_service_runs_a_realistic_fargate_revision_with_older_ones_behind_it()
    {
        var revisions = Ecs.Revisions(Account, Service);

        Assert.Equal(FakeTaskDefinitionSeed.CurrentRevision, revisions.Count);
        Assert.Equal(FakeEcsRegistry.TaskDefinitionArn(Account, Service, 7), Ecs.CurrentTaskDefinition(Account, Cluster, Service));
        var current = revisions[^1];
        Assert.Equal("awsvpc", current["networkMode"]!.GetValue<string>());
        Assert.Equal(["EC2", "FARGATE"], current["compatibilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.NotNull(current["executionRoleArn"]);
        Assert.NotNull(current["taskRoleArn"]);
        var containers = current["containerDefinitions"]!.AsArray();
        Assert.Contains(containers, c => c!["essential"]!.GetValue<bool>() == false && c["dependsOn"] is not null);
        Assert.Contains(containers, c => c!["secrets"] is JsonArray { Count: > 0 } && c["healthCheck"] is not null);
        Assert.Contains(containers, c => c!["firelensConfiguration"] is not null);
        Assert.Equal("INACTIVE", revisions[0]["status"]!.GetValue<string>());
        Assert.Equal(2, Ecs.TagsOf(Account, Service, 7).Count);
    }

    [Fact]
    public void A_described_revision_without_its_read_only_members_registers_as_the_next_revision_unchanged()
    {
        var current = Ecs.Revisions(Account, Service)[^1];
        var request = WithoutReadOnly(current);
        request["tags"] = Ecs.TagsOf(Account, Service, 7);

        var answer = Ecs.RegisterTaskDefinition(Account, request, new FakeSigner(Account, $"arn:aws:iam::{Account}:role/PortalDeployer", "token-ci"));

        Assert.False(answer.IsError, answer.Body.ToJsonString());
        var registered = answer.Body["taskDefinition"]!.AsObject();
        Assert.Equal(8, registered["revision"]!.GetValue<int>());
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/PortalDeployer/token-ci", registered["registeredBy"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(WithoutReadOnly(current), WithoutReadOnly(registered)));
        Assert.True(JsonNode.DeepEquals(request["tags"], answer.Body["tags"]));
    }

    [Fact]
    public void Read_only_members_are_refused_as_unknown_parameters()
    {
        var current = Ecs.Revisions(Account, Service)[^1];

        var answer = Ecs.RegisterTaskDefinition(Account, current, signer: null);

        Assert.Equal("ClientException", answer.ErrorCode);
        Assert.StartsWith("Unknown parameter in input: \"taskDefinitionArn\", must be one of: family, taskRoleArn", answer.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(7, Ecs.Revisions(Account, Service).Count);
    }

    [Theory]
    [InlineData("networkMode", "bridge", "Fargate only supports network mode \u2018awsvpc\u2019.")]
    [InlineData("memory", "512", "No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.")]
    [InlineData("executionRoleArn", null, "Fargate requires task definition to have execution role ARN to support log driver awslogs.")]
    [InlineData("cpu", null, "Fargate requires that 'cpu' be defined at the task level.")]
    public void A_registration_for_fargate_that_fargate_cannot_run_is_refused_in_ecss_words(string member, string? value, string message)
    {
        var request = WithoutReadOnly(Ecs.Revisions(Account, Service)[^1]);
        request[member] = value;
        if (value is null)
        {
            request.Remove(member);
        }

        var answer = Ecs.RegisterTaskDefinition(Account, request, signer: null);

        Assert.Equal("ClientException", answer.ErrorCode);
        Assert.Equal(message, answer.Body["message"]!.GetValue<string>());
    }

    [Fact]
    public void A_revision_built_from_a_few_fields_registers_for_ec2_only_and_the_fargate_service_refuses_it_leaving_it_behind()
    {
        var current = Ecs.Revisions(Account, Service)[^1];
        var app = current["containerDefinitions"]![0]!;
        var few = new JsonObject
        {
            ["family"] = Service,
            ["cpu"] = "512",
            ["memory"] = "1024",
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = app["name"]!.GetValue<string>(),
                ["image"] = "repo/orders-api:new",
                ["environment"] = app["environment"]!.DeepClone(),
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp" }),
            }),
        };

        var registered = Ecs.RegisterTaskDefinition(Account, few, signer: null);
        var update = Ecs.UpdateService(Account, new JsonObject { ["cluster"] = Cluster, ["service"] = Service, ["taskDefinition"] = $"{Service}:8" });

        Assert.False(registered.IsError, registered.Body.ToJsonString());
        Assert.Equal(["EC2"], registered.Body["taskDefinition"]!["compatibilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("InvalidParameterException", update.ErrorCode);
        Assert.Equal("Task definition does not support launch_type FARGATE.", update.Body["message"]!.GetValue<string>());
        Assert.Equal(FakeEcsRegistry.TaskDefinitionArn(Account, Service, 7), Ecs.CurrentTaskDefinition(Account, Cluster, Service));
        Assert.Equal(8, Ecs.Revisions(Account, Service).Count);
    }

    [Fact]
    public void UpdateService_starts_a_primary_deployment_the_old_one_turns_active_and_the_rollout_completes_on_later_reads()
    {
        Ecs.RolloutDuration = TimeSpan.FromHours(1);
        var request = WithoutReadOnly(Ecs.Revisions(Account, Service)[^1]);
        Assert.False(Ecs.RegisterTaskDefinition(Account, request, signer: null).IsError);

        var updated = Ecs.UpdateService(Account, new JsonObject { ["cluster"] = Cluster, ["service"] = Service, ["taskDefinition"] = FakeEcsRegistry.TaskDefinitionArn(Account, Service, 8) });
        var again = Ecs.UpdateService(Account, new JsonObject { ["cluster"] = Cluster, ["service"] = Service, ["taskDefinition"] = $"{Service}:8" });

        var deployments = updated.Body["service"]!["deployments"]!.AsArray();
        Assert.Equal(2, deployments.Count);
        Assert.Equal(("PRIMARY", "IN_PROGRESS"), (deployments[0]!["status"]!.GetValue<string>(), deployments[0]!["rolloutState"]!.GetValue<string>()));
        Assert.Equal("ACTIVE", deployments[1]!["status"]!.GetValue<string>());
        Assert.Equal(2, again.Body["service"]!["deployments"]!.AsArray().Count);

        JsonNode service = new JsonObject();
        for (var read = 0; read < FakeEcsRegistry.DescribesToComplete; read++)
        {
            service = Ecs.DescribeServices(Account, new JsonObject { ["cluster"] = Cluster, ["services"] = new JsonArray(Service) }).Body["services"]![0]!;
        }

        var completed = Assert.Single(service["deployments"]!.AsArray())!;
        Assert.Equal("COMPLETED", completed["rolloutState"]!.GetValue<string>());
        Assert.Equal(FakeEcsRegistry.TaskDefinitionArn(Account, Service, 8), service["taskDefinition"]!.GetValue<string>());
        Assert.Contains("deployment completed.", service["events"]![1]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"(service {Service}) has reached a steady state.", service["events"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public void ListTaskDefinitions_filters_by_family_and_status_sorts_and_pages()
    {
        var first = Ecs.ListTaskDefinitions(Account, new JsonObject { ["familyPrefix"] = Service, ["sort"] = "DESC", ["maxResults"] = 2 }).Body;
        var second = Ecs.ListTaskDefinitions(Account, new JsonObject { ["familyPrefix"] = Service, ["sort"] = "DESC", ["maxResults"] = 2, ["nextToken"] = first["nextToken"]!.DeepClone() }).Body;
        var inactive = Ecs.ListTaskDefinitions(Account, new JsonObject { ["familyPrefix"] = Service, ["status"] = "INACTIVE" }).Body;
        var everything = Ecs.ListTaskDefinitions(Account, new JsonObject()).Body;

        Assert.Equal([$"{Service}:7", $"{Service}:6"], first["taskDefinitionArns"]!.AsArray().Select(a => Name(a!)));
        Assert.Equal([$"{Service}:5"], second["taskDefinitionArns"]!.AsArray().Select(a => Name(a!)));
        Assert.Null(second["nextToken"]);
        Assert.Equal(4, inactive["taskDefinitionArns"]!.AsArray().Count);
        Assert.Equal("billing-api:5", Name(everything["taskDefinitionArns"]![0]!));
    }

    [Fact]
    public void Every_answer_of_the_registry_fits_its_operations_output_shape_in_the_aws_model()
    {
        Ecs.RolloutDuration = TimeSpan.FromHours(1);
        var model = AwsServiceModel.Load("ecs");
        var request = WithoutReadOnly(Ecs.Revisions(Account, Service)[^1]);
        var answers = new Dictionary<string, FakeAnswer>(StringComparer.Ordinal)
        {
            ["DescribeTaskDefinition"] = Ecs.DescribeTaskDefinition(Account, new JsonObject { ["taskDefinition"] = Service, ["include"] = new JsonArray("TAGS") }),
            ["RegisterTaskDefinition"] = Ecs.RegisterTaskDefinition(Account, request, signer: null),
            ["ListTaskDefinitions"] = Ecs.ListTaskDefinitions(Account, new JsonObject()),
            ["ListServices"] = Ecs.ListServices(Account, new JsonObject { ["cluster"] = Cluster }, 5),
            ["UpdateService"] = Ecs.UpdateService(Account, new JsonObject { ["cluster"] = Cluster, ["service"] = Service, ["taskDefinition"] = $"{Service}:8" }),
            ["DescribeServices"] = Ecs.DescribeServices(Account, new JsonObject { ["cluster"] = Cluster, ["services"] = new JsonArray(Service, "gone-api"), ["include"] = new JsonArray("TAGS") }),
            ["ListServiceDeployments"] = Ecs.ListServiceDeployments(Account, new JsonObject { ["cluster"] = Cluster, ["service"] = Service }),
        };
        var serviceDeployments = answers["ListServiceDeployments"].Body["serviceDeployments"]!.AsArray();
        answers["DescribeServiceDeployments"] = Ecs.DescribeServiceDeployments(Account, new JsonObject
        {
            ["serviceDeploymentArns"] = new JsonArray(serviceDeployments.Select(d => (JsonNode?)d!["serviceDeploymentArn"]!.DeepClone()).ToArray()),
        });

        foreach (var (operation, answer) in answers)
        {
            Assert.False(answer.IsError, $"{operation}: {answer.Body.ToJsonString()}");
            Assert.Empty(model.ValidateOutput(operation, answer.Body));
        }

        Assert.Equal("MISSING", answers["DescribeServices"].Body["failures"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(["IN_PROGRESS", "SUCCESSFUL"], serviceDeployments.Select(d => d!["status"]!.GetValue<string>()));
        Assert.Equal(2, answers["DescribeServiceDeployments"].Body["serviceDeployments"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_request_signed_ten_minutes_behind_the_fakes_clock_is_refused_as_aws_does_and_the_answer_dates_the_fakes_time()
    {
        _aws.ClockOffset = TimeSpan.FromMinutes(10);
        var credentials = await AssumeAsync("portal");
        var signedAt = DateTimeOffset.UtcNow;

        using var answer = await EcsAsync("ListClusters", credentials, signedAt);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidSignatureException", error["__type"]!.GetValue<string>());
        var fakeNow = answer.Headers.Date!.Value;
        Assert.InRange(fakeNow - signedAt, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        Assert.Equal(
            $"Signature expired: {AmzDate(signedAt)} is now earlier than {AmzDate(fakeNow - FakeAws.AllowedSkew)} ({AmzDate(fakeNow)} - 5 min.)",
            error["message"]!.GetValue<string>());
        using var corrected = await EcsAsync("ListClusters", credentials, fakeNow);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
    }

    [Fact]
    public async Task Sts_refuses_a_skewed_signature_with_its_own_code()
    {
        _aws.ClockOffset = TimeSpan.FromMinutes(-10);

        using var answer = await StsAsync(new() { ["Action"] = "AssumeRole", ["RoleArn"] = ReadRole, ["RoleSessionName"] = "portal" }, DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", text, StringComparison.Ordinal);
        Assert.Contains("Signature not yet current:", text, StringComparison.Ordinal);
        Assert.Empty(_aws.Sessions.Issued);
    }

    [Fact]
    public async Task Each_assume_role_issues_its_own_key_requests_record_the_session_and_expired_keys_answer_expired_token_until_assumed_again()
    {
        var alpha = await AssumeAsync("token-alpha");
        var beta = await AssumeAsync("token-beta");

        using var byAlpha = await EcsAsync("ListClusters", alpha, DateTimeOffset.UtcNow);
        _aws.ExpireKeys(Account);
        using var expired = await EcsAsync("ListClusters", beta, DateTimeOffset.UtcNow);
        var renewed = await AssumeAsync("token-beta");
        using var afterRenewal = await EcsAsync("ListClusters", renewed, DateTimeOffset.UtcNow);

        Assert.NotEqual(alpha.AccessKeyId, beta.AccessKeyId);
        Assert.Equal(HttpStatusCode.OK, byAlpha.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        var error = JsonNode.Parse(await expired.Content.ReadAsStringAsync())!;
        Assert.Equal(("ExpiredTokenException", "The security token included in the request is expired"), (error["__type"]!.GetValue<string>(), error["message"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, afterRenewal.StatusCode);
        Assert.Equal(["token-alpha", "token-beta", "token-beta"], _aws.Requests.Select(r => r.SessionName));
        Assert.Equal([200, 400, 200], _aws.Requests.Select(r => r.AnsweredStatus));
    }

    [Fact]
    public async Task Credentials_expire_at_their_expiration_by_the_fakes_clock()
    {
        _aws.CredentialLifetime = TimeSpan.FromMinutes(15);
        var credentials = await AssumeAsync("portal");
        Assert.InRange(credentials.Expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));

        _aws.ClockOffset = TimeSpan.FromMinutes(16);
        using var answer = await EcsAsync("ListClusters", credentials, _aws.Now);

        Assert.Equal("ExpiredTokenException", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["__type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(FakeGarbling.TruncatedJson)]
    [InlineData(FakeGarbling.Html)]
    [InlineData(FakeGarbling.Empty)]
    public async Task A_garbled_answer_is_a_200_that_is_not_the_answer(FakeGarbling how)
    {
        var credentials = await AssumeAsync("portal");
        _aws.Garble("ListServices", 1, how, Account);

        using var garbled = await EcsAsync("ListServices", credentials, DateTimeOffset.UtcNow, new JsonObject { ["cluster"] = Cluster });
        using var next = await EcsAsync("ListServices", credentials, DateTimeOffset.UtcNow, new JsonObject { ["cluster"] = Cluster });

        Assert.Equal(HttpStatusCode.OK, garbled.StatusCode);
        var text = await garbled.Content.ReadAsStringAsync();
        Assert.False(text.Length > 0 && text[^1] == '}', text);
        Assert.Equal(2, JsonNode.Parse(await next.Content.ReadAsStringAsync())!["serviceArns"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_slow_write_that_is_applied_is_carried_out_though_the_caller_gave_up()
    {
        var credentials = await AssumeAsync("portal");
        _aws.Slow("RegisterTaskDefinition", TimeSpan.FromSeconds(3));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => EcsAsync("RegisterTaskDefinition", credentials, DateTimeOffset.UtcNow, WithoutReadOnly(Ecs.Revisions(Account, Service)[^1]), impatient));

        Assert.Equal(8, Ecs.Revisions(Account, Service).Count);
    }

    [Fact]
    public async Task A_service_that_is_down_answers_503_or_drops_the_connection_until_it_is_up()
    {
        var credentials = await AssumeAsync("portal");
        _aws.Down("monitoring");
        using var unavailable = await EcsAsync("DescribeAlarms", credentials, DateTimeOffset.UtcNow, service: "monitoring");
        using var ecsMeanwhile = await EcsAsync("ListClusters", credentials, DateTimeOffset.UtcNow);
        _aws.Down("monitoring", FakeOutage.ConnectionReset);
        await Assert.ThrowsAsync<HttpRequestException>(() => EcsAsync("DescribeAlarms", credentials, DateTimeOffset.UtcNow, service: "monitoring"));
        _aws.Up("monitoring");
        using var back = await EcsAsync("DescribeAlarms", credentials, DateTimeOffset.UtcNow, service: "monitoring");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ecsMeanwhile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    private static string ReadRole => $"arn:aws:iam::{Account}:role/PortalReadOnly";

    private static JsonObject WithoutReadOnly(JsonObject described)
    {
        var request = described.DeepClone().AsObject();
        foreach (var member in ReadOnlyMembers)
        {
            request.Remove(member);
        }

        return request;
    }

    private static string Name(JsonNode arn) => arn.GetValue<string>()[(arn.GetValue<string>().LastIndexOf('/') + 1)..];

    private static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private async Task<IssuedCredentials> AssumeAsync(string sessionName)
    {
        using var answer = await StsAsync(new() { ["Action"] = "AssumeRole", ["RoleArn"] = ReadRole, ["RoleSessionName"] = sessionName, ["DurationSeconds"] = "3600" }, _aws.Now);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, text);
        var key = XDocument.Parse(text).Descendants().First(e => e.Name.LocalName == "AccessKeyId").Value;
        return _aws.Sessions.Find(key)!;
    }

    private async Task<HttpResponseMessage> StsAsync(Dictionary<string, string> form, DateTimeOffset signedAt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _aws.Endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Amz-Date", AmzDate(signedAt));
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDPORTALTEST/{AmzDate(signedAt)[..8]}/{FakeAws.Region}/sts/aws4_request, SignedHeaders=host, Signature=0");
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> EcsAsync(
        string operation, IssuedCredentials credentials, DateTimeOffset signedAt, JsonObject? body = null, HttpClient? http = null, string service = "ecs")
    {
        var prefix = service == "monitoring" ? "GraniteServiceVersion20100801" : "AmazonEC2ContainerServiceV20141113";
        using var request = new HttpRequestMessage(HttpMethod.Post, _aws.Endpoint) { Content = new StringContent((body ?? []).ToJsonString(), Encoding.UTF8) };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{prefix}.{operation}");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", AmzDate(signedAt));
        request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={credentials.AccessKeyId}/{AmzDate(signedAt)[..8]}/{FakeAws.Region}/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        return await (http ?? _http).SendAsync(request);
    }
}
