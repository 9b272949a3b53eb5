using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// A stand-in AWS endpoint on a loopback port, for the portal's real-AWS mode: STS AssumeRole and
/// GetCallerIdentity (query protocol, XML) and the JSON-protocol ECS and CloudWatch operations the
/// portal calls.
/// Every account is a small fleet; tests can throttle an operation or deny an account. It records
/// every JSON request, so the tests can check them against the AWS service models.
/// </summary>
public sealed class FakeAws : IAsyncDisposable
{
    public const string Region = "eu-west-1";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _throttle = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unassumable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(HttpStatusCode Status, string Code, string Message)>> _stsFailures = new(StringComparer.Ordinal);

    private FakeAws(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = default!;

    /// <summary>ListServices answers at most this many services per page.</summary>
    public int ServicePageSize { get; set; } = 5;

    /// <summary>Every JSON-protocol request received: the X-Amz-Target and the body.</summary>
    public ConcurrentQueue<(string Target, JsonNode Body, string Authorization)> Requests { get; } = new();

    public ConcurrentQueue<string> AssumedRoles { get; } = new();

    /// <summary>Every STS (query protocol) request received: its Action and the Authorization header.</summary>
    public ConcurrentQueue<(string Action, string Authorization)> StsRequests { get; } = new();

    /// <summary>
    /// Who holds a session access key id that did not come from this fake's AssumeRole: its account,
    /// role and user name (IAM Identity Center's role credentials, see FakeIdentityCenter.RoleCredentialsOf),
    /// or null for a key STS does not know.
    /// </summary>
    public Func<string, (string AccountId, string RoleName, string UserName)?> SessionHolders { get; set; } = _ => null;

    /// <summary>Account id → clusters → services.</summary>
    public Dictionary<string, Dictionary<string, List<string>>> Fleet { get; } = new(StringComparer.Ordinal);

    public static async Task<FakeAws> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAws(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.Endpoint = new Uri(address + "/");
        return fake;
    }

    /// <summary>The next <paramref name="times"/> calls to the operation answer 400 ThrottlingException.</summary>
    public void Throttle(string operation, int times) => _throttle[operation] = times;

    /// <summary>Every ECS and CloudWatch call signed with the account's credentials answers AccessDeniedException.</summary>
    public void Deny(string accountId) => _denied[accountId] = true;

    /// <summary>STS refuses AssumeRole of this role, as when its trust policy does not name the portal.</summary>
    public void RefuseAssume(string roleArn) => _unassumable[roleArn] = true;

    /// <summary>The next call to the STS action answers this error (queued: one error per call).</summary>
    public void FailSts(string action, HttpStatusCode status, string code, string message) =>
        _stsFailures.GetOrAdd(action, _ => new ConcurrentQueue<(HttpStatusCode, string, string)>()).Enqueue((status, code, message));

    public int Count(string operation) => Requests.Count(r => r.Target.EndsWith("." + operation, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length == 0)
        {
            await StsAsync(context);
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = JsonNode.Parse(await reader.ReadToEndAsync()) ?? new JsonObject();
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue((target, body, authorization));
        var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
        var account = AccountOf(authorization);

        if (_throttle.TryGetValue(operation, out var remaining) && remaining > 0)
        {
            _throttle[operation] = remaining - 1;
            await ErrorAsync(context, HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");
            return;
        }

        if (account is null || _denied.ContainsKey(account))
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "AccessDeniedException",
                $"User: arn:aws:sts::{account}:assumed-role/PortalReadOnly/portal is not authorized to perform: {Action(target)}");
            return;
        }

        var response = Answer(operation, body, account);
        if (response is null)
        {
            await ErrorAsync(context, HttpStatusCode.BadRequest, "UnknownOperationException", $"The fake does not answer {target}.");
            return;
        }

        context.Response.ContentType = target.StartsWith("Granite", StringComparison.Ordinal) ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    private async Task StsAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var action = form["Action"].ToString();
        StsRequests.Enqueue((action, context.Request.Headers.Authorization.ToString()));
        if (_stsFailures.TryGetValue(action, out var failures) && failures.TryDequeue(out var failure))
        {
            await StsErrorAsync(context, failure.Status, failure.Code, failure.Message);
            return;
        }

        switch (action)
        {
            case "AssumeRole":
                await AssumeRoleAsync(context, form);
                break;
            case "GetCallerIdentity":
                await GetCallerIdentityAsync(context);
                break;
            default:
                await StsErrorAsync(context, HttpStatusCode.BadRequest, "InvalidAction", $"The fake does not answer STS {action}.");
                break;
        }
    }

    private async Task AssumeRoleAsync(HttpContext context, IFormCollection form)
    {
        var roleArn = form["RoleArn"].ToString();
        if (_unassumable.ContainsKey(roleArn))
        {
            await StsErrorAsync(context, HttpStatusCode.Forbidden, "AccessDenied",
                $"User: arn:aws:iam::999999999999:user/portal is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
            return;
        }

        AssumedRoles.Enqueue(roleArn);
        var account = roleArn.Split(':')[4];
        var expiration = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>ASIA{account}</AccessKeyId>
                  <SecretAccessKey>fake-secret-{account}</SecretAccessKey>
                  <SessionToken>fake-session-{account}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAFAKE:{form["RoleSessionName"]}</AssumedRoleId>
                  <Arn>{roleArn.Replace(":iam::", ":sts::", StringComparison.Ordinal).Replace(":role/", ":assumed-role/", StringComparison.Ordinal)}/{form["RoleSessionName"]}</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }

    /// <summary>
    /// Whose credentials signed the request, as STS tells it: the assumed-role ARN of an Identity
    /// Center permission set (AWSReservedSSO_{role}_{suffix}) whose session name is the user name.
    /// </summary>
    private async Task GetCallerIdentityAsync(HttpContext context)
    {
        var accessKeyId = AccessKeyOf(context.Request.Headers.Authorization.ToString());
        if (accessKeyId is null || SessionHolders(accessKeyId) is not { } holder)
        {
            await StsErrorAsync(context, HttpStatusCode.Forbidden, "InvalidClientTokenId", "The security token included in the request is invalid.");
            return;
        }

        var (account, role, userName) = holder;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:sts::{account}:assumed-role/AWSReservedSSO_{role}_0123456789abcdef/{SecurityElement.Escape(userName)}</Arn>
                <UserId>AROAFAKESSO{account}:{SecurityElement.Escape(userName)}</UserId>
                <Account>{account}</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000002</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """);
    }

    private static Task StsErrorAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync($"""
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error>
              <RequestId>00000000-0000-0000-0000-000000000001</RequestId>
            </ErrorResponse>
            """);
    }

    /// <summary>"AWS4-HMAC-SHA256 Credential=ASIA1111111111110042/20261122/eu-west-1/sts/aws4_request, ..." → "ASIA1111111111110042".</summary>
    private static string? AccessKeyOf(string authorization)
    {
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += "Credential=".Length;
        var end = authorization.IndexOf('/', start);
        return end > start ? authorization[start..end] : null;
    }

    /// <summary>"AWS4-HMAC-SHA256 Credential=ASIA123456789012/20261122/..." → "123456789012".</summary>
    private static string? AccountOf(string authorization)
    {
        var start = authorization.IndexOf("Credential=ASIA", StringComparison.Ordinal);
        return start < 0 ? null : authorization.Substring(start + "Credential=ASIA".Length, 12);
    }

    private static string Action(string target) =>
        target.StartsWith("Granite", StringComparison.Ordinal) ? "cloudwatch:" + target.Split('.')[1] : "ecs:" + target.Split('.')[1];

    private JsonObject? Answer(string operation, JsonNode body, string account)
    {
        var clusters = Fleet.GetValueOrDefault(account) ?? [];
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return operation switch
        {
            "ListClusters" => new JsonObject { ["clusterArns"] = Strings(clusters.Keys.Select(c => ClusterArn(account, c))) },
            "DescribeClusters" => new JsonObject
            {
                ["clusters"] = new JsonArray(clusters.Select(c => (JsonNode?)new JsonObject
                {
                    ["clusterArn"] = ClusterArn(account, c.Key),
                    ["clusterName"] = c.Key,
                    ["status"] = "ACTIVE",
                    ["runningTasksCount"] = c.Value.Count,
                    ["pendingTasksCount"] = 0,
                    ["activeServicesCount"] = c.Value.Count,
                }).ToArray()),
                ["failures"] = new JsonArray(),
            },
            "ListServices" => ListServicesPage(account, clusters, body),
            "DescribeServices" => new JsonObject
            {
                ["services"] = new JsonArray(body["services"]!.AsArray().Select(s => (JsonNode?)Service(account, NameOf(body["cluster"]!.GetValue<string>()), NameOf(s!.GetValue<string>()), now)).ToArray()),
                ["failures"] = new JsonArray(),
            },
            "DescribeTaskDefinition" => new JsonObject
            {
                ["taskDefinition"] = new JsonObject
                {
                    ["taskDefinitionArn"] = body["taskDefinition"]!.GetValue<string>(),
                    ["family"] = NameOf(body["taskDefinition"]!.GetValue<string>()).Split(':')[0],
                    ["revision"] = 7,
                    ["status"] = "ACTIVE",
                    ["cpu"] = "256",
                    ["memory"] = "512",
                    ["containerDefinitions"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = $"{account}.dkr.ecr.{Region}.amazonaws.com/app:abc1234",
                        ["environment"] = new JsonArray(new JsonObject { ["name"] = "LOG_LEVEL", ["value"] = "info" }),
                        ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp" }),
                    }),
                    ["registeredAt"] = now - 3600,
                },
            },
            "GetCostAndUsage" => new JsonObject { ["ResultsByTime"] = new JsonArray(), ["DimensionValueAttributes"] = new JsonArray() },
            "DescribeAlarms" => new JsonObject { ["MetricAlarms"] = new JsonArray(), ["CompositeAlarms"] = new JsonArray() },
            "GetMetricData" => new JsonObject
            {
                ["MetricDataResults"] = new JsonArray(body["MetricDataQueries"]!.AsArray().Select(q => (JsonNode?)new JsonObject
                {
                    ["Id"] = q!["Id"]!.GetValue<string>(),
                    ["Label"] = q["MetricStat"]!["Metric"]!["MetricName"]!.GetValue<string>(),
                    ["Timestamps"] = new JsonArray(now - 600, now - 300),
                    ["Values"] = new JsonArray(41.5, 42.5),
                    ["StatusCode"] = "Complete",
                }).ToArray()),
                ["Messages"] = new JsonArray(),
            },
            _ => null,
        };
    }

    /// <summary>Pages of at most <see cref="ServicePageSize"/> services, so the portal has to follow nextToken.</summary>
    private JsonObject ListServicesPage(string account, Dictionary<string, List<string>> clusters, JsonNode body)
    {
        var cluster = NameOf(body["cluster"]!.GetValue<string>());
        var services = clusters.GetValueOrDefault(cluster) ?? [];
        var offset = body["nextToken"] is { } token ? int.Parse(token.GetValue<string>(), CultureInfo.InvariantCulture) : 0;
        var size = Math.Min(ServicePageSize, body["maxResults"]?.GetValue<int>() ?? 10);
        var page = new JsonObject { ["serviceArns"] = Strings(services.Skip(offset).Take(size).Select(s => ServiceArn(account, cluster, s))) };
        if (offset + size < services.Count)
        {
            page["nextToken"] = (offset + size).ToString(CultureInfo.InvariantCulture);
        }

        return page;
    }

    private static JsonObject Service(string account, string cluster, string service, long now) => new()
    {
        ["serviceArn"] = ServiceArn(account, cluster, service),
        ["serviceName"] = service,
        ["clusterArn"] = ClusterArn(account, cluster),
        ["status"] = "ACTIVE",
        ["desiredCount"] = 2,
        ["runningCount"] = 2,
        ["pendingCount"] = 0,
        ["taskDefinition"] = $"arn:aws:ecs:{Region}:{account}:task-definition/{service}:7",
        ["deployments"] = new JsonArray(new JsonObject
        {
            ["id"] = "ecs-svc/1234567890123456789",
            ["status"] = "PRIMARY",
            ["taskDefinition"] = $"arn:aws:ecs:{Region}:{account}:task-definition/{service}:7",
            ["desiredCount"] = 2,
            ["pendingCount"] = 0,
            ["runningCount"] = 2,
            ["failedTasks"] = 0,
            ["createdAt"] = now - 7200,
            ["updatedAt"] = now - 7000,
            ["rolloutState"] = "COMPLETED",
            ["rolloutStateReason"] = "ECS deployment ecs-svc/1234567890123456789 completed.",
        }),
        ["events"] = new JsonArray(new JsonObject
        {
            ["id"] = "5f2e1c9a-0000-4000-8000-000000000001",
            ["createdAt"] = now - 6900,
            ["message"] = $"(service {service}) has reached a steady state.",
        }),
        ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "payments" }),
        ["createdAt"] = now - 86400,
    };

    private static string ClusterArn(string account, string cluster) => $"arn:aws:ecs:{Region}:{account}:cluster/{cluster}";

    private static string ServiceArn(string account, string cluster, string service) => $"arn:aws:ecs:{Region}:{account}:service/{cluster}/{service}";

    private static string NameOf(string nameOrArn) => nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static Task ErrorAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.Headers["x-amzn-ErrorType"] = code;
        return context.Response.WriteAsync(new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString());
    }
}
