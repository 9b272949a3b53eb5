using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Calls an AWS JSON-protocol API (ECS and Cost Explorer speak JSON 1.1, CloudWatch JSON 1.0):
/// POST to the service endpoint with X-Amz-Target, signed with SigV4 under the caller's role,
/// with a timeout per attempt and retries with exponential backoff and full jitter on throttling,
/// server errors and timeouts, within a process-wide retry budget. Failures leave as the
/// portal's own <see cref="CloudException"/>s.
/// </summary>
public sealed partial class AwsJsonClient(
    HttpClient http,
    IAwsCredentialBroker credentials,
    AwsEndpoints endpoints,
    AwsRequestSigner signer,
    RetryBudget budget,
    CloudCallMeter meter,
    TimeProvider time,
    IOptions<AwsOptions> options,
    ILogger<AwsJsonClient> logger)
{
    public async Task<JsonObject> CallAsync(AwsJsonService service, string operation, CloudCaller caller, JsonObject request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = Encoding.UTF8.GetBytes(request.ToJsonString());
        for (var attempt = 1; ; attempt++)
        {
            var signing = await credentials.GetAsync(caller, cancellationToken);
            var outcome = await AttemptAsync(service, operation, caller, body, signing, settings.Timeout, cancellationToken);
            if (outcome.Response is { } response)
            {
                budget.Refund();
                return response;
            }

            if (!outcome.Retryable || attempt >= settings.MaxAttempts || !budget.TrySpend())
            {
                throw outcome.Error!;
            }

            meter.RecordRetry(service.Name, operation, outcome.Error!.Outcome);
            var delay = Backoff(attempt, settings);
            LogRetrying(logger, service.Name, operation, attempt, delay.TotalMilliseconds, outcome.Error.Message);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<Attempt> AttemptAsync(
        AwsJsonService service, string operation, CloudCaller caller, byte[] body, AwsSigningCredentials signing, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.Resolve(service, caller.Region));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(service.ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{service.TargetPrefix}.{operation}");
        signer.Sign(request, body, signing, service.SigningRegion(caller.Region), service.SigningName, time.GetUtcNow());

        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, attemptTimeout.Token);
            var text = await response.Content.ReadAsStringAsync(attemptTimeout.Token);
            var json = Parse(text);
            if (response.IsSuccessStatusCode)
            {
                return new Attempt(json as JsonObject ?? [], null, false);
            }

            var headerType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            var code = AwsErrors.Code(headerType, json);
            var error = AwsErrors.ToCloudError(service, operation, caller, response.StatusCode, code, AwsErrors.Message(json));
            return new Attempt(null, error, AwsErrors.IsRetryable(response.StatusCode, code));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, new CloudUnavailableException(service.Name, operation,
                $"{service.SigningName}:{operation} did not answer within {timeout.TotalSeconds:0.#} s."), true);
        }
        catch (HttpRequestException error)
        {
            return new Attempt(null, new CloudUnavailableException(service.Name, operation,
                $"{service.SigningName}:{operation} could not be reached at {request.RequestUri}: {error.Message}", error), true);
        }
    }

    private static JsonNode? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Full jitter: a random wait between zero and an exponentially growing cap.</summary>
    private static TimeSpan Backoff(int attempt, AwsOptions settings)
    {
        var cap = Math.Min(settings.RetryMaxDelay.TotalMilliseconds, settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
#pragma warning restore CA5394
    }

    private sealed record Attempt(JsonObject? Response, CloudException? Error, bool Retryable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}:{Operation} attempt {Attempt} failed; retrying in {DelayMilliseconds:0} ms: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string service, string operation, int attempt, double delayMilliseconds, string reason);
}
