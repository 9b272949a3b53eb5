using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Calls an AWS JSON-protocol API (ECS and Cost Explorer speak JSON 1.1, CloudWatch JSON 1.0):
/// POST to the service endpoint with X-Amz-Target, signed with SigV4 under the caller's role. Each
/// attempt is signed afresh (with AWS's time when this host's clock is off, with fresh credentials
/// when AWS refused the cached ones) inside the endpoint's resilience pipeline
/// (<see cref="AwsCallPipelines"/>). Failures leave as the portal's own <see cref="CloudException"/>s;
/// a write whose answer was lost leaves as <see cref="CloudOutcomeUnknownException"/>, never re-sent.
/// </summary>
public sealed class AwsJsonClient(
    HttpClient http,
    IAwsCredentialBroker credentials,
    AwsEndpoints endpoints,
    AwsRequestSigner signer,
    AwsClock clock,
    AwsCallPipelines pipelines,
    RetryBudget budget)
{
    public async Task<JsonObject> CallAsync(AwsJsonService service, string operation, CloudCaller caller, JsonObject request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var call = new AwsCall(service, operation, caller, endpoints.Resolve(service, caller.Region), Encoding.UTF8.GetBytes(request.ToJsonString()));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        call.AttachTo(context);
        try
        {
            var attempt = await pipelines.For(call).ExecuteAsync(
                static (context, state) => state.Client.AttemptAsync(state.Call, context.CancellationToken), context, (Client: this, Call: call));
            return Conclude(call, attempt);
        }
        catch (TimeoutRejectedException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(call, timeout);
        }
        catch (BrokenCircuitException broken)
        {
            throw new CloudUnavailableException(service.Name, operation, string.Create(CultureInfo.InvariantCulture,
                $"{call.Action} was not sent: {call.Host} failed too often lately, so calls to it pause{(broken.RetryAfter is { } after ? $" for {after.TotalSeconds:0} s" : "")}. {broken.Message}"), broken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private JsonObject Conclude(AwsCall call, AwsAttempt attempt)
    {
        if (attempt.Answer is { } answer)
        {
            budget.Refund(call.LastRetryCost);
            return answer;
        }

        var error = attempt.Error!;
        throw AwsRetryRules.OutcomeUnknown(call, attempt.Failure!.Value)
            ? new CloudOutcomeUnknownException(call.Service.Name, call.Operation,
                $"{call.Action} was sent but its answer was lost ({error.Message}): AWS may or may not have carried it out, so it was not sent again.", error)
            : error;
    }

    private static CloudException TimedOut(AwsCall call, TimeoutRejectedException timeout)
    {
        var within = string.Create(CultureInfo.InvariantCulture, $"{timeout.Timeout.TotalSeconds:0.#} s");
        return AwsRetryRules.OutcomeUnknown(call, AwsFailureKind.TimedOut)
            ? new CloudOutcomeUnknownException(call.Service.Name, call.Operation,
                $"{call.Action} was sent but no answer came within {within}: AWS may or may not have carried it out, so it was not sent again.", timeout)
            : new CloudUnavailableException(call.Service.Name, call.Operation, call.LastError is { } last
                ? $"{call.Action} did not succeed within {within}; the last attempt failed: {last.Message}"
                : $"{call.Action} did not answer within {within}.", timeout);
    }

    /// <summary>One signed attempt; throws only when cancelled (its timeout, the call's, or the caller's).</summary>
    private async ValueTask<AwsAttempt> AttemptAsync(AwsCall call, CancellationToken cancellationToken)
    {
        if (call.TakeStaleCredentials() is { } stale)
        {
            credentials.Forget(call.Caller, stale);
        }

        var signing = await credentials.GetAsync(call.Caller, cancellationToken);
        call.SignedWith = signing;
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Endpoint);
        request.Content = new ByteArrayContent(call.Body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(call.Service.ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{call.Service.TargetPrefix}.{call.Operation}");
        var signedAt = clock.Now(call.Host);
        try
        {
            signer.Sign(request, call.Body, signing, call.Service.SigningRegion(call.Caller.Region), call.Service.SigningName, signedAt);
        }
        catch (InvalidOperationException expired)
        {
            // Expired by AWS's time though the broker still thought them fresh (this host's clock is behind).
            return AwsAttempt.Failed(AwsFailureKind.CredentialsExpired,
                AwsErrors.CredentialsExpired(call.Service, call.Operation, call.Caller, "ExpiredToken", expired.Message, call.CredentialsRenewed));
        }

        return await SendAsync(call, request, signedAt, cancellationToken);
    }

    private async ValueTask<AwsAttempt> SendAsync(AwsCall call, HttpRequestMessage request, DateTimeOffset signedAt, CancellationToken cancellationToken)
    {
        call.InFlight = true;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            call.InFlight = false;
            return Read(call, response, text, signedAt);
        }
        catch (HttpRequestException error) when (NeverSent(error))
        {
            call.InFlight = false;
            return AwsAttempt.Failed(AwsFailureKind.NotSent, new CloudUnavailableException(call.Service.Name, call.Operation,
                $"{call.Action} could not be sent to {call.Endpoint}: {error.Message}", error));
        }
        catch (Exception error) when (error is HttpRequestException or IOException)
        {
            return AwsAttempt.Failed(AwsFailureKind.Broken, new CloudUnavailableException(call.Service.Name, call.Operation,
                $"The connection to {call.Endpoint} broke before {call.Action}'s answer was complete: {error.Message}", error));
        }
    }

    private AwsAttempt Read(AwsCall call, HttpResponseMessage response, string text, DateTimeOffset signedAt)
    {
        var json = Parse(text);
        if (response.IsSuccessStatusCode)
        {
            return json is JsonObject answer
                ? AwsAttempt.Answered(answer)
                : AwsAttempt.Failed(AwsFailureKind.Unreadable, new CloudUnavailableException(call.Service.Name, call.Operation, string.Create(CultureInfo.InvariantCulture,
                    $"AWS's answer to {call.Action} ({(int)response.StatusCode}) could not be read: {Describe(text)}.")));
        }

        var headerType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        var code = AwsErrors.Code(headerType, json);
        var message = AwsErrors.Message(json);
        var awsTime = response.Headers.Date;
        if (AwsErrors.IsClockSkew(code, message, signedAt, awsTime))
        {
            return awsTime is { } at
                ? AwsAttempt.Failed(AwsFailureKind.ClockSkewed,
                    AwsErrors.ClockSkewed(call.Service, call.Operation, code, message, clock.Correct(call.Host, at), call.ClockCorrected))
                : AwsAttempt.Failed(AwsFailureKind.Final, AwsErrors.ClockSkewedWithoutTime(call.Service, call.Operation, code, message));
        }

        if (AwsErrors.IsExpiredCredentials(code, message))
        {
            return AwsAttempt.Failed(AwsFailureKind.CredentialsExpired,
                AwsErrors.CredentialsExpired(call.Service, call.Operation, call.Caller, code, message, call.CredentialsRenewed));
        }

        var kind = AwsErrors.IsThrottling(response.StatusCode, code) ? AwsFailureKind.Throttled
            : (int)response.StatusCode >= 500 ? AwsFailureKind.ServerError
            : AwsFailureKind.Final;
        return AwsAttempt.Failed(kind, AwsErrors.ToCloudError(call.Service, call.Operation, call.Caller, response.StatusCode, code, message));
    }

    /// <summary>Failures before any byte of the request went out: sending again cannot repeat a write.</summary>
    private static bool NeverSent(HttpRequestException error) =>
        error.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

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

    private static string Describe(string text) =>
        string.IsNullOrWhiteSpace(text) ? "the body was empty"
        : text.Length <= 80 ? $"it is not a JSON object: '{text}'"
        : string.Create(CultureInfo.InvariantCulture, $"it is not a JSON object ({text.Length} characters, starting '{text[..80]}')");
}
