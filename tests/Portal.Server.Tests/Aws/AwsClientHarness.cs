using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// An <see cref="AwsJsonClient"/> wired to scripted HTTP answers (no network) and a credentials
/// broker that hands out a new key each time it is told to forget the last, recording every request
/// it sends.
/// </summary>
internal sealed class AwsClientHarness : IDisposable
{
    public static readonly CloudCaller Caller = new("123456789012", "eu-west-1", "PortalReadOnly", "portal");
    private readonly ScriptedHandler _handler = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly HttpClient _http;
    private readonly AwsCallPipelines _pipelines;

    /// <param name="broker">Signs with these credentials instead of <see cref="Credentials"/>.</param>
    public AwsClientHarness(Action<AwsOptions>? configure = null, Dictionary<string, string?>? settings = null, IAwsCredentialBroker? broker = null)
    {
        var options = new AwsOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2) };
        configure?.Invoke(options);
        Meter = new CloudCallMeter(_metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _http = new HttpClient(_handler);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        Budget = new RetryBudget(options.RetryBudget);
        Clock = new AwsClock(Time, NullLogger<AwsClock>.Instance);
        _pipelines = new AwsCallPipelines(Options.Create(options), new AwsRetryRules(Options.Create(options), Budget), Meter, Time, NullLogger<AwsCallPipelines>.Instance);
        Client = new AwsJsonClient(_http, broker ?? Credentials, new AwsEndpoints(configuration), new AwsRequestSigner(), Clock, _pipelines, Budget);
    }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public AwsJsonClient Client { get; }

    public CloudCallMeter Meter { get; }

    public RetryBudget Budget { get; }

    public AwsClock Clock { get; }

    public RenewingCredentials Credentials { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests => _handler.Requests;

    public Task<JsonObject> CallAsync(string operation, AwsJsonService? service = null, CancellationToken cancellationToken = default) =>
        Client.CallAsync(service ?? AwsJsonService.Ecs, operation, Caller, [], cancellationToken);

    /// <summary>Queues the next answer: a status, a JSON body, optionally an x-amzn-ErrorType header and AWS's Date.</summary>
    public void Answer(HttpStatusCode status, JsonNode? body, string? errorType = null, DateTimeOffset? date = null) =>
        AnswerText(status, body?.ToJsonString() ?? string.Empty, errorType, date);

    /// <summary>Queues an answer whose body is exactly <paramref name="text"/> (truncated or garbled JSON, say).</summary>
    /// <param name="takes">How far the portal's clock moves while AWS answers.</param>
    public void AnswerText(HttpStatusCode status, string text, string? errorType = null, DateTimeOffset? date = null, TimeSpan? takes = null) =>
        _handler.Answers.Enqueue((_, _) =>
        {
            Time.Advance(takes ?? TimeSpan.Zero);
            return Task.FromResult(Respond(status, text, errorType, date));
        });

    /// <summary>Queues an AWS error answer with its code in the body, as ECS sends them.</summary>
    public void AnswerError(HttpStatusCode status, string code, string message, DateTimeOffset? date = null, TimeSpan? takes = null) =>
        AnswerText(status, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString(), date: date, takes: takes);

    /// <summary>Queues an answer that takes its time (and, like a real connection, gives up when the caller cancels).</summary>
    public void AnswerAfter(TimeSpan delay, HttpStatusCode status, JsonNode? body) =>
        _handler.Answers.Enqueue(async (_, cancellationToken) =>
        {
            await Task.Delay(delay, cancellationToken);
            return Respond(status, body?.ToJsonString() ?? string.Empty, null, null);
        });

    /// <summary>Queues a failure to connect at all: the request never left.</summary>
    public void RefuseConnection() =>
        _handler.Answers.Enqueue((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:443)"));

    /// <summary>Queues a connection that breaks after the request went out, before the answer is complete.</summary>
    public void BreakConnection() =>
        _handler.Answers.Enqueue((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));

    public void Dispose()
    {
        _http.Dispose();
        _pipelines.Dispose();
        Meter.Dispose();
        _metrics.Dispose();
        _handler.Dispose();
    }

    private static HttpResponseMessage Respond(HttpStatusCode status, string text, string? errorType, DateTimeOffset? date)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(text, Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        response.Headers.Date = date;
        return response;
    }

    /// <param name="Text">The body as sent: a query-protocol request's form, say.</param>
    internal sealed record RecordedRequest(Uri Uri, string? Target, string? ContentType, string? Authorization, string? SecurityToken, string? AmzDate, JsonNode? Body, string? Text = null);

    /// <summary>Credentials ASIAEXAMPLE1, then ASIAEXAMPLE2 once told to forget the first, and so on.</summary>
    internal sealed class RenewingCredentials : IAwsCredentialBroker
    {
        private AwsSigningCredentials _current = Issue(1);
        private int _issued = 1;

        public ConcurrentQueue<(CloudCaller Caller, string AccessKeyId)> Forgotten { get; } = new();

        /// <summary>Every caller credentials were asked for, in order.</summary>
        public ConcurrentQueue<CloudCaller> Asked { get; } = new();

        public Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken)
        {
            Asked.Enqueue(caller);
            return Task.FromResult(_current);
        }

        public void Forget(CloudCaller caller, AwsSigningCredentials stale)
        {
            Forgotten.Enqueue((caller, stale.AccessKeyId));
            _current = Issue(Interlocked.Increment(ref _issued));
        }

        private static AwsSigningCredentials Issue(int number) =>
            new($"ASIAEXAMPLE{number}", "secret", $"session-token-{number}", DateTimeOffset.MaxValue);
    }

    private sealed class ScriptedHandler : HttpMessageHandler
    {
        public ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> Answers { get; } = new();

        public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Enqueue(new RecordedRequest(
                request.RequestUri!,
                Header(request, "X-Amz-Target"),
                request.Content?.Headers.ContentType?.ToString(),
                Header(request, "Authorization"),
                Header(request, "X-Amz-Security-Token"),
                Header(request, "X-Amz-Date"),
                string.IsNullOrEmpty(body) || request.Content?.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded" ? null : JsonNode.Parse(body),
                body));
            if (!Answers.TryDequeue(out var answer))
            {
                throw new InvalidOperationException("No scripted answer left for " + request.RequestUri);
            }

            return await answer(request, cancellationToken);
        }

        private static string? Header(HttpRequestMessage request, string name) =>
            request.Headers.TryGetValues(name, out var values) ? values.First() : null;
    }
}
