using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Calls an AWS JSON-protocol API (ECS and Cost Explorer speak JSON 1.1, CloudWatch JSON 1.0):
/// POST to the service endpoint with X-Amz-Target, or a query-protocol one (ELBv2: form-encoded
/// Action and Version, XML answers) through <see cref="CallQueryAsync"/>, signed with SigV4 under the caller's role. Each
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
        return (await ExecuteAsync(call, cancellationToken)).Answer!;
    }

    /// <summary>
    /// Calls a query-protocol API (ELBv2): <c>Action</c>, <c>Version</c> and the parameters form-encoded in the
    /// body, as the model's serialization names them (<c>Targets.member.1.Id</c>); returns the operation's result
    /// element (<c>DescribeTargetHealthResult</c>), whose children carry the API's XML namespace.
    /// </summary>
    public async Task<XElement> CallQueryAsync(
        AwsJsonService service, string operation, CloudCaller caller, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!service.IsQuery)
        {
            throw new ArgumentException($"{service.Name} does not speak the query protocol.", nameof(service));
        }

        var form = new[] { KeyValuePair.Create("Action", operation), KeyValuePair.Create("Version", service.QueryVersion!) }
            .Concat(parameters)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}");
        var call = new AwsCall(service, operation, caller, endpoints.Resolve(service, caller.Region), Encoding.UTF8.GetBytes(string.Join('&', form)));
        return (await ExecuteAsync(call, cancellationToken)).Result!;
    }

    private async Task<AwsAttempt> ExecuteAsync(AwsCall call, CancellationToken cancellationToken)
    {
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
            throw new CloudUnavailableException(call.Service.Name, call.Operation, string.Create(CultureInfo.InvariantCulture,
                $"{call.Action} was not sent: {call.Host} failed too often lately, so calls to it pause{(broken.RetryAfter is { } after ? $" for {after.TotalSeconds:0} s" : "")}. {broken.Message}"), broken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private AwsAttempt Conclude(AwsCall call, AwsAttempt attempt)
    {
        if (attempt.Failure is null)
        {
            budget.Refund(call.LastRetryCost);
            return attempt;
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
        if (call.Service.IsQuery)
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(call.Service.ContentType) { CharSet = "utf-8" };
        }
        else
        {
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(call.Service.ContentType);
            request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{call.Service.TargetPrefix}.{call.Operation}");
        }

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
        if (call.Service.IsQuery)
        {
            return ReadQuery(call, response, text, signedAt);
        }

        var json = Parse(text);
        if (response.IsSuccessStatusCode)
        {
            return json is JsonObject answer
                ? AwsAttempt.Answered(answer)
                : AwsAttempt.Failed(AwsFailureKind.Unreadable, new CloudUnavailableException(call.Service.Name, call.Operation, string.Create(CultureInfo.InvariantCulture,
                    $"AWS's answer to {call.Action} ({(int)response.StatusCode}) could not be read: {Describe(text)}.")));
        }

        var headerType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        return ReadError(call, response, AwsErrors.Code(headerType, json), AwsErrors.Message(json), signedAt);
    }

    /// <summary>
    /// A query-protocol answer: <c>&lt;{Operation}Response&gt;&lt;{Operation}Result&gt;</c> on success,
    /// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c> on failure, read by the same error rules as JSON.
    /// </summary>
    private AwsAttempt ReadQuery(AwsCall call, HttpResponseMessage response, string text, DateTimeOffset signedAt)
    {
        var document = AwsQueryXml.Parse(text);
        if (response.IsSuccessStatusCode)
        {
            return AwsQueryXml.Result(document, call.Operation) is { } result
                ? AwsAttempt.Answered(result)
                : AwsAttempt.Failed(AwsFailureKind.Unreadable, new CloudUnavailableException(call.Service.Name, call.Operation, string.Create(CultureInfo.InvariantCulture,
                    $"AWS's answer to {call.Action} ({(int)response.StatusCode}) could not be read: {AwsQueryXml.Describe(text, call.Operation)}.")));
        }

        var (code, message) = AwsQueryXml.Error(document);
        return ReadError(call, response, code, message, signedAt);
    }

    private AwsAttempt ReadError(AwsCall call, HttpResponseMessage response, string code, string message, DateTimeOffset signedAt)
    {
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
