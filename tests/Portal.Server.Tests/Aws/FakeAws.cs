using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security;
using System.Text.Json;
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
/// A stand-in AWS endpoint on a loopback port, for the portal's real-AWS mode, as strict as AWS where
/// the portal can go wrong: STS AssumeRole and GetCallerIdentity (query protocol, XML), and the
/// JSON-protocol ECS (a stateful task definition registry and Fargate services, see
/// <see cref="FakeEcsRegistry"/>), CloudWatch and Cost Explorer operations the portal calls.
/// <list type="bullet">
/// <item>Every AssumeRole issues new credentials; the fake knows whose each key is, records it with
/// every request (<see cref="FakeAwsRequest.SessionName"/>), and answers ExpiredTokenException once
/// they expire or <see cref="ExpireKeys"/> says so.</item>
/// <item>It has its own clock (<see cref="ClockOffset"/>): a request signed more than 5 minutes away
/// from it is refused as AWS refuses it, and every answer carries the fake's time in <c>Date</c>.</item>
/// <item>Failures on demand: <see cref="Throttle"/>, <see cref="Deny"/>, <see cref="Garble"/>,
/// <see cref="Slow"/> and <see cref="Down"/>.</item>
/// </list>
/// </summary>
public sealed partial class FakeAws : IAsyncDisposable
{
    public const string Region = "eu-west-1";

    /// <summary>How far a request's X-Amz-Date may be from the fake's clock, as for AWS's services.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _throttle = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unassumable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _externalIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(HttpStatusCode Status, string Code, string Message)>> _stsFailures = new(StringComparer.Ordinal);
    private readonly Lock _garbleGate = new();
    private readonly List<(string Operation, string? AccountId, FakeGarbling How)> _garbled = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(TimeSpan Delay, bool Apply)>> _slow = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeOutage> _down = new(StringComparer.Ordinal);

    private FakeAws(WebApplication app)
    {
        _app = app;
        Ecs = new FakeEcsRegistry(Fleet, () => Now);
    }

    public Uri Endpoint { get; private set; } = default!;

    /// <summary>ListServices answers at most this many services per page.</summary>
    public int ServicePageSize { get; set; } = 5;

    /// <summary>The clock the fake's clock runs from; <see cref="Now"/> adds <see cref="ClockOffset"/>.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How far the fake's clock is ahead of <see cref="Clock"/> (negative: behind), as if the portal's host clock were off.</summary>
    public TimeSpan ClockOffset { get; set; }

    public DateTimeOffset Now => Clock.GetUtcNow() + ClockOffset;

    /// <summary>How long AssumeRole credentials last; null: the DurationSeconds asked for (one hour by default).</summary>
    public TimeSpan? CredentialLifetime { get; set; }

    /// <summary>The task definitions and services of every account.</summary>
    public FakeEcsRegistry Ecs { get; }

    /// <summary>Every credential AssumeRole handed out.</summary>
    public FakeStsSessions Sessions { get; } = new();

    /// <summary>Every JSON-protocol request received, with who signed it and what it was answered.</summary>
    public ConcurrentQueue<FakeAwsRequest> Requests { get; } = new();

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

    /// <summary>The role's trust policy requires this external id: AssumeRole without it is refused.</summary>
    public void RequireExternalId(string roleArn, string externalId) => _externalIds[roleArn] = externalId;

    /// <summary>The next call to the STS action answers this error (queued: one error per call).</summary>
    public void FailSts(string action, HttpStatusCode status, string code, string message) =>
        _stsFailures.GetOrAdd(action, _ => new ConcurrentQueue<(HttpStatusCode, string, string)>()).Enqueue((status, code, message));

    /// <summary>Every key issued so far for the account answers 400 ExpiredTokenException, until the portal assumes its role again.</summary>
    public void ExpireKeys(string accountId) => Sessions.ExpireAll(accountId);

    /// <summary>
    /// The next <paramref name="times"/> successful calls to the operation (signed for the account, when
    /// given) answer 200 with a body no JSON parser reads as the answer.
    /// </summary>
    public void Garble(string operation, int times, FakeGarbling how = FakeGarbling.TruncatedJson, string? accountId = null)
    {
        lock (_garbleGate)
        {
            _garbled.AddRange(Enumerable.Repeat((operation, accountId, how), times));
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> calls to the operation answer only after <paramref name="delay"/>.
    /// With <paramref name="apply"/> the call is carried out at once, answered late (a write that
    /// succeeded though the caller gave up waiting); without, it is carried out late, and not at all
    /// when the caller has hung up by then.
    /// </summary>
    public void Slow(string operation, TimeSpan delay, bool apply = true, int times = 1)
    {
        var queue = _slow.GetOrAdd(operation, _ => new ConcurrentQueue<(TimeSpan, bool)>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue((delay, apply));
        }
    }

    /// <summary>Every call to the service (its signing name: "monitoring", "ecs", "ce", "sts") fails until <see cref="Up"/>.</summary>
    public void Down(string service, FakeOutage how = FakeOutage.ServiceUnavailable) => _down[service] = how;

    public void Up(string service) => _down.TryRemove(service, out _);

    public int Count(string operation) => Requests.Count(r => r.Target.EndsWith("." + operation, StringComparison.Ordinal));

    /// <summary>Requests to the operation, oldest first.</summary>
    public IReadOnlyList<FakeAwsRequest> RequestsOf(string operation) => Requests.Where(r => r.Operation == operation).ToList();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    /// <summary>"AWS4-HMAC-SHA256 Credential=ASIA1111111111110042/20261122/eu-west-1/sts/aws4_request, ..." → the access key id and the signing service.</summary>
    private static (string? AccessKeyId, string? Service) ScopeOf(string authorization)
    {
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return (null, null);
        }

        start += "Credential=".Length;
        var end = authorization.IndexOfAny([',', ' '], start);
        var scope = (end < 0 ? authorization[start..] : authorization[start..end]).Split('/');
        return (scope[0], scope.Length > 3 ? scope[3] : null);
    }

    /// <summary>"ASIA123456789012..." → "123456789012": the account of a session key from an STS this fake does not know.</summary>
    private static string? AccountOf(string? accessKeyId) =>
        accessKeyId is { Length: >= 16 } && accessKeyId.StartsWith("ASIA", StringComparison.Ordinal) && accessKeyId[4..16].All(char.IsAsciiDigit) ? accessKeyId[4..16] : null;

    private static string Action(string target) =>
        target.StartsWith("Granite", StringComparison.Ordinal) ? "cloudwatch:" + target.Split('.')[1] : "ecs:" + target.Split('.')[1];

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Garbled(FakeGarbling how, string json) => how switch
    {
        FakeGarbling.TruncatedJson => json[..(json.Length / 2)],
        FakeGarbling.Html => "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
        _ => string.Empty,
    };

    private async Task HandleAsync(HttpContext context)
    {
        // Kestrel writes its own Date only when the answer has none: this is the fake's clock, as AWS's would be.
        var now = Now;
        context.Response.Headers.Date = now.ToString("r", CultureInfo.InvariantCulture);
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        if (target.Length == 0 && ScopeOf(context.Request.Headers.Authorization.ToString()).Service == "elasticloadbalancing")
        {
            await ElbAsync(context, now);
            return;
        }

        if (target.Length == 0)
        {
            await StsAsync(context, now);
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        var body = ParseOrNull(text);
        var authorization = context.Request.Headers.Authorization.ToString();
        var (accessKeyId, service) = ScopeOf(authorization);
        var issued = Sessions.Find(accessKeyId);
        var request = new FakeAwsRequest(target, body ?? new JsonObject(), authorization) { Signer = issued?.Signer ?? HolderOf(accessKeyId), ReceivedAt = now };
        Requests.Enqueue(request);

        if (body is not JsonObject)
        {
            await AnswerAsync(context, request, FakeAnswer.Error("SerializationException", "Start of structure or map found where not expected."));
            return;
        }

        var refusal = SignatureProblem(context.Request, now, json: true) ?? CredentialProblem(context.Request, issued, now);
        if (refusal is not null)
        {
            await AnswerAsync(context, request, refusal);
            return;
        }

        if (service is not null && _down.TryGetValue(service, out var outage))
        {
            await AnswerAsync(context, request, outage == FakeOutage.ConnectionReset
                ? null
                : FakeAnswer.Error("ServiceUnavailable", "Service Unavailable", HttpStatusCode.ServiceUnavailable));
            return;
        }

        var operation = request.Operation;
        var account = issued?.AccountId ?? request.Signer?.AccountId ?? AccountOf(accessKeyId);
        if (_throttle.TryGetValue(operation, out var remaining) && remaining > 0)
        {
            _throttle[operation] = remaining - 1;
            await AnswerAsync(context, request, FakeAnswer.Error("ThrottlingException", "Rate exceeded"));
            return;
        }

        if (account is null || _denied.ContainsKey(account))
        {
            var role = request.Signer?.RoleName ?? "PortalReadOnly";
            var session = request.SessionName ?? "portal";
            await AnswerAsync(context, request, FakeAnswer.Error("AccessDeniedException",
                $"User: arn:aws:sts::{account}:assumed-role/{role}/{session} is not authorized to perform: {Action(target)}"));
            return;
        }

        var slow = _slow.TryGetValue(operation, out var delays) && delays.TryDequeue(out var delay) ? delay : ((TimeSpan, bool)?)null;
        if (slow is { Item2: false } late)
        {
            // Carried out late, as a request that queued somewhere on the way; never when the caller gave up.
            try
            {
                await Task.Delay(late.Item1, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                request.AnsweredAt = Now;
                return;
            }
        }

        var answer = Answer(operation, (JsonObject)body, account, request.Signer)
            ?? FakeAnswer.Error("UnknownOperationException", $"The fake does not answer {target}.");
        if (slow is { Item2: true } applied)
        {
            await Task.Delay(applied.Item1, CancellationToken.None);
        }

        await AnswerAsync(context, request, answer);
    }

    private FakeSigner? HolderOf(string? accessKeyId) =>
        accessKeyId is not null && SessionHolders(accessKeyId) is { } holder ? new FakeSigner(holder.AccountId, holder.RoleName, holder.UserName) : null;

    private async Task AnswerAsync(HttpContext context, FakeAwsRequest request, FakeAnswer? answer)
    {
        request.AnsweredAt = Now;
        if (answer is null || context.RequestAborted.IsCancellationRequested)
        {
            request.AnsweredStatus = 0;
            context.Abort();
            return;
        }

        var json = answer.Body.ToJsonString();
        var garbling = answer.IsError ? null : TakeGarbling(request);
        request.AnsweredStatus = (int)answer.Status;
        request.AnsweredError = answer.ErrorCode;
        request.Garbled = garbling;
        context.Response.StatusCode = (int)answer.Status;
        if (garbling is { } garbled)
        {
            context.Response.ContentType = garbled == FakeGarbling.Html ? "text/html" : "application/x-amz-json-1.1";
            await context.Response.WriteAsync(Garbled(garbled, json), context.RequestAborted);
            return;
        }

        context.Response.ContentType = request.Target.StartsWith("Granite", StringComparison.Ordinal) ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
        if (answer.ErrorCode is { } code)
        {
            context.Response.Headers["x-amzn-ErrorType"] = code;
        }

        try
        {
            await context.Response.WriteAsync(json, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The caller hung up (its timeout); what was done stays done.
        }
    }

    private FakeGarbling? TakeGarbling(FakeAwsRequest request)
    {
        lock (_garbleGate)
        {
            var index = _garbled.FindIndex(g => g.Operation == request.Operation && (g.AccountId is null || g.AccountId == request.Signer?.AccountId));
            if (index < 0)
            {
                return null;
            }

            var how = _garbled[index].How;
            _garbled.RemoveAt(index);
            return how;
        }
    }

    /// <summary>AWS's refusal of a request signed too far from its clock, in the words of the JSON services or of STS.</summary>
    private FakeAnswer? SignatureProblem(HttpRequest request, DateTimeOffset now, bool json)
    {
        if (!DateTimeOffset.TryParseExact(request.Headers["X-Amz-Date"].ToString(), AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            return null;
        }

        string message;
        if (signedAt < now - AllowedSkew)
        {
            message = $"Signature expired: {AmzDate(signedAt)} is now earlier than {AmzDate(now - AllowedSkew)} ({AmzDate(now)} - 5 min.)";
        }
        else if (signedAt > now + AllowedSkew)
        {
            message = $"Signature not yet current: {AmzDate(signedAt)} is still later than {AmzDate(now + AllowedSkew)} ({AmzDate(now)} + 5 min.)";
        }
        else
        {
            return null;
        }

        return json ? FakeAnswer.Error("InvalidSignatureException", message) : FakeAnswer.Error("SignatureDoesNotMatch", message, HttpStatusCode.Forbidden);
    }

    /// <summary>Keys this fake's STS issued must come with their session token and be unexpired.</summary>
    private static FakeAnswer? CredentialProblem(HttpRequest request, IssuedCredentials? issued, DateTimeOffset now)
    {
        if (issued is null)
        {
            return null;
        }

        if (request.Headers["X-Amz-Security-Token"].ToString() != issued.SessionToken)
        {
            return FakeAnswer.Error("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        return issued.Expired || issued.Expiration <= now
            ? FakeAnswer.Error("ExpiredTokenException", "The security token included in the request is expired")
            : null;
    }

    private async Task StsAsync(HttpContext context, DateTimeOffset now)
    {
        var form = await context.Request.ReadFormAsync();
        var action = form["Action"].ToString();
        StsRequests.Enqueue((action, context.Request.Headers.Authorization.ToString()));
        if (_down.TryGetValue("sts", out var outage))
        {
            if (outage == FakeOutage.ConnectionReset)
            {
                context.Abort();
                return;
            }

            await StsErrorAsync(context, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Service Unavailable");
            return;
        }

        if (SignatureProblem(context.Request, now, json: false) is { } skewed)
        {
            await StsErrorAsync(context, skewed.Status, skewed.ErrorCode!, skewed.Body["message"]!.GetValue<string>());
            return;
        }

        if (_stsFailures.TryGetValue(action, out var failures) && failures.TryDequeue(out var failure))
        {
            await StsErrorAsync(context, failure.Status, failure.Code, failure.Message);
            return;
        }

        switch (action)
        {
            case "AssumeRole":
                await AssumeRoleAsync(context, form, now);
                break;
            case "GetCallerIdentity":
                await GetCallerIdentityAsync(context);
                break;
            default:
                await StsErrorAsync(context, HttpStatusCode.BadRequest, "InvalidAction", $"The fake does not answer STS {action}.");
                break;
        }
    }

    private async Task AssumeRoleAsync(HttpContext context, IFormCollection form, DateTimeOffset now)
    {
        var roleArn = form["RoleArn"].ToString();
        var sessionName = form["RoleSessionName"].ToString();
        var externalId = form.TryGetValue("ExternalId", out var given) ? given.ToString() : null;
        if (_unassumable.ContainsKey(roleArn) || (_externalIds.TryGetValue(roleArn, out var required) && required != externalId))
        {
            await StsErrorAsync(context, HttpStatusCode.Forbidden, "AccessDenied",
                $"User: arn:aws:iam::999999999999:user/portal is not authorized to perform: sts:AssumeRole on resource: {roleArn}");
            return;
        }

        AssumedRoles.Enqueue(roleArn);
        var asked = int.TryParse(form["DurationSeconds"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromHours(1);
        var credentials = Sessions.Issue(roleArn, sessionName, externalId, now + (CredentialLifetime ?? asked));
        var expiration = credentials.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{credentials.AccessKeyId}</AccessKeyId>
                  <SecretAccessKey>{credentials.SecretAccessKey}</SecretAccessKey>
                  <SessionToken>{credentials.SessionToken}</SessionToken>
                  <Expiration>{expiration}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAFAKE:{SecurityElement.Escape(sessionName)}</AssumedRoleId>
                  <Arn>{SecurityElement.Escape(credentials.Signer.PrincipalArn)}</Arn>
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
        var accessKeyId = ScopeOf(context.Request.Headers.Authorization.ToString()).AccessKeyId;
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

    private FakeAnswer? Answer(string operation, JsonObject body, string account, FakeSigner? signer)
    {
        var clusters = Fleet.GetValueOrDefault(account) ?? [];
        var now = Now.ToUnixTimeSeconds();
        return operation switch
        {
            "ListClusters" => FakeAnswer.Ok(new JsonObject { ["clusterArns"] = Strings(clusters.Keys.Select(c => FakeEcsRegistry.ClusterArn(account, c))) }),
            "DescribeClusters" => FakeAnswer.Ok(DescribeClusters(account, clusters, body)),
            "ListServices" => Ecs.ListServices(account, body, ServicePageSize),
            "DescribeServices" => Ecs.DescribeServices(account, body),
            "DescribeTaskDefinition" => Ecs.DescribeTaskDefinition(account, body),
            "RegisterTaskDefinition" => Ecs.RegisterTaskDefinition(account, body, signer),
            "ListTaskDefinitions" => Ecs.ListTaskDefinitions(account, body),
            "UpdateService" => Ecs.UpdateService(account, body),
            "ListServiceDeployments" => Ecs.ListServiceDeployments(account, body),
            "DescribeServiceDeployments" => Ecs.DescribeServiceDeployments(account, body),
            "ListTasks" => Ecs.ListTasks(account, body),
            "DescribeTasks" => Ecs.DescribeTasks(account, body),
            "GetCostAndUsage" => FakeAnswer.Ok(new JsonObject { ["ResultsByTime"] = new JsonArray(), ["DimensionValueAttributes"] = new JsonArray() }),
            "DescribeAlarms" => FakeAnswer.Ok(new JsonObject { ["MetricAlarms"] = new JsonArray(), ["CompositeAlarms"] = new JsonArray() }),
            "GetMetricData" => FakeAnswer.Ok(new JsonObject
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
            }),
            _ => null,
        };
    }

    private static JsonObject DescribeClusters(string account, Dictionary<string, List<string>> clusters, JsonObject body)
    {
        var asked = body["clusters"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? ["default"];
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var reference in asked)
        {
            var name = reference[(reference.LastIndexOf('/') + 1)..];
            if (clusters.TryGetValue(name, out var services))
            {
                found.Add(new JsonObject
                {
                    ["clusterArn"] = FakeEcsRegistry.ClusterArn(account, name),
                    ["clusterName"] = name,
                    ["status"] = "ACTIVE",
                    ["runningTasksCount"] = services.Count * 2,
                    ["pendingTasksCount"] = 0,
                    ["activeServicesCount"] = services.Count,
                });
            }
            else
            {
                failures.Add(new JsonObject { ["arn"] = FakeEcsRegistry.ClusterArn(account, name), ["reason"] = "MISSING" });
            }
        }

        return new JsonObject { ["clusters"] = found, ["failures"] = failures };
    }
}

/// <summary>How a garbled 200 reads.</summary>
public enum FakeGarbling
{
    /// <summary>The first half of the real answer, as when a connection drops mid-body behind a proxy.</summary>
    TruncatedJson,

    /// <summary>A proxy's HTML error page with status 200.</summary>
    Html,

    /// <summary>No body at all.</summary>
    Empty,
}

/// <summary>How a service that is down fails.</summary>
public enum FakeOutage
{
    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>The connection is closed without an answer.</summary>
    ConnectionReset,
}
