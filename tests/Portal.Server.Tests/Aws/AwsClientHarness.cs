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
/// An <see cref="AwsJsonClient"/> wired to scripted HTTP answers (no network) and fixed
/// credentials, recording every request it sends.
/// </summary>
internal sealed class AwsClientHarness : IDisposable
{
    public static readonly CloudCaller Caller = new("123456789012", "eu-west-1", "PortalReadOnly", "portal");
    private readonly ScriptedHandler _handler = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly HttpClient _http;

    public AwsClientHarness(Action<AwsOptions>? configure = null, Dictionary<string, string?>? settings = null)
    {
        var options = new AwsOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2) };
        configure?.Invoke(options);
        Meter = new CloudCallMeter(_metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _http = new HttpClient(_handler);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        Client = new AwsJsonClient(
            _http,
            new FixedCredentials(),
            new AwsEndpoints(configuration),
            new AwsRequestSigner(),
            new RetryBudget(options.RetryBudget),
            Meter,
            Time,
            Options.Create(options),
            NullLogger<AwsJsonClient>.Instance);
    }

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    public AwsJsonClient Client { get; }

    public CloudCallMeter Meter { get; }

    public ConcurrentQueue<RecordedRequest> Requests => _handler.Requests;

    /// <summary>Queues the next answer: a status, a JSON body and optionally an x-amzn-ErrorType header.</summary>
    public void Answer(HttpStatusCode status, JsonNode? body, string? errorType = null) =>
        _handler.Answers.Enqueue((_, _) => Task.FromResult(Respond(status, body, errorType)));

    /// <summary>Queues an answer that takes its time (and, like a real connection, gives up when the caller cancels).</summary>
    public void AnswerAfter(TimeSpan delay, HttpStatusCode status, JsonNode? body) =>
        _handler.Answers.Enqueue(async (_, cancellationToken) =>
        {
            await Task.Delay(delay, cancellationToken);
            return Respond(status, body, null);
        });

    public void Dispose()
    {
        _http.Dispose();
        Meter.Dispose();
        _metrics.Dispose();
        _handler.Dispose();
    }

    private static HttpResponseMessage Respond(HttpStatusCode status, JsonNode? body, string? errorType)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body?.ToJsonString() ?? string.Empty, Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        return response;
    }

    internal sealed record RecordedRequest(Uri Uri, string? Target, string? ContentType, string? Authorization, string? SecurityToken, JsonNode? Body);

    private sealed class FixedCredentials : IAwsCredentialBroker
    {
        public Task<AwsSigningCredentials> GetAsync(CloudCaller caller, CancellationToken cancellationToken) =>
            Task.FromResult(new AwsSigningCredentials("ASIAEXAMPLE", "secret", "session-token", DateTimeOffset.MaxValue));
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
                request.Headers.TryGetValues("X-Amz-Target", out var target) ? target.First() : null,
                request.Content?.Headers.ContentType?.ToString(),
                request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.First() : null,
                request.Headers.TryGetValues("X-Amz-Security-Token", out var token) ? token.First() : null,
                string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body)));
            if (!Answers.TryDequeue(out var answer))
            {
                throw new InvalidOperationException("No scripted answer left for " + request.RequestUri);
            }

            return await answer(request, cancellationToken);
        }
    }
}
