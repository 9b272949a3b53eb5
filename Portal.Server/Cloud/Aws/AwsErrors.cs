using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Reads an AWS JSON-protocol error answer: which kind of failure it is (as far as retrying and
/// healing go), and the portal's own error for it, worded for people.
/// </summary>
public static class AwsErrors
{
    /// <summary>SigV4 accepts a signature up to five minutes away from AWS's clock.</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "Throttling", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> AccessDenied = new(StringComparer.Ordinal)
    {
        "AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "UnrecognizedClientException",
        "InvalidSignatureException", "SignatureDoesNotMatch", "MissingAuthenticationTokenException", "NotAuthorized", "AuthFailure",
    };

    /// <summary>"Get fresh credentials", not "access denied" (as the AWS SDKs read them).</summary>
    private static readonly HashSet<string> ExpiredCredentials = new(StringComparer.Ordinal)
    {
        "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "RequestExpired",
    };

    /// <summary>Codes that mean "signed at the wrong time" whatever their message.</summary>
    private static readonly HashSet<string> ClockSkew = new(StringComparer.Ordinal)
    {
        "RequestTimeTooSkewed", "RequestInTheFuture",
    };

    /// <summary>Codes that mean "signed at the wrong time" when their message or AWS's clock says so.</summary>
    private static readonly HashSet<string> MaybeClockSkew = new(StringComparer.Ordinal)
    {
        "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "RequestExpired",
    };

    private static readonly HashSet<string> NotFound = new(StringComparer.Ordinal)
    {
        "ClusterNotFoundException", "ServiceNotFoundException", "ResourceNotFoundException", "ResourceNotFound",
        "ServiceNotActiveException", "TargetNotFoundException", "NamespaceNotFoundException",
        "TargetGroupNotFound", "LoadBalancerNotFound",
    };

    /// <summary>The error's short code: "com.amazonaws.ecs#ClusterNotFoundException:http://..." → "ClusterNotFoundException".</summary>
    public static string Code(string? headerType, JsonNode? body)
    {
        var raw = headerType ?? Member(body, "__type") ?? Member(body, "code") ?? "UnknownError";
        var hash = raw.LastIndexOf('#');
        var code = hash >= 0 ? raw[(hash + 1)..] : raw;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? code[..colon] : code;
    }

    public static string Message(JsonNode? body) => Member(body, "message") ?? Member(body, "Message") ?? "(AWS gave no message)";

    public static bool IsThrottling(HttpStatusCode status, string code) => Throttling.Contains(code) || status == HttpStatusCode.TooManyRequests;

    /// <summary>
    /// Whether AWS refused the request as signed at the wrong time: a skew code, "Signature expired" or
    /// "not yet current" in the message, or an authentication error while AWS's clock (its Date header)
    /// is further from the signing time than SigV4 accepts.
    /// </summary>
    public static bool IsClockSkew(string code, string message, DateTimeOffset signedAt, DateTimeOffset? awsTime) =>
        ClockSkew.Contains(code)
        || (MaybeClockSkew.Contains(code)
            && (message.Contains("Signature expired", StringComparison.OrdinalIgnoreCase)
                || message.Contains("not yet current", StringComparison.OrdinalIgnoreCase)
                || (awsTime is { } at && (at - signedAt).Duration() > SignatureTolerance)));

    /// <summary>Whether AWS refused the credentials as expired or unknown: fresh ones may be accepted.</summary>
    public static bool IsExpiredCredentials(string code, string message) =>
        ExpiredCredentials.Contains(code)
        || (code == "UnrecognizedClientException" && message.Contains("expired", StringComparison.OrdinalIgnoreCase));

    public static CloudException ToCloudError(AwsJsonService service, string operation, CloudCaller caller, HttpStatusCode status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(caller);
        if (AccessDenied.Contains(code) || status == HttpStatusCode.Forbidden)
        {
            return new CloudAccessDeniedException(service.Name, operation,
                $"Role {caller.RoleName} in account {caller.AccountId} may not call {service.SigningName}:{operation} ({code}): {message}");
        }

        if (IsThrottling(status, code))
        {
            return new CloudThrottledException(service.Name, operation, $"AWS throttled {service.SigningName}:{operation} ({code}): {message}");
        }

        if (NotFound.Contains(code))
        {
            return new CloudNotFoundException(service.Name, operation, $"{code}: {message}");
        }

        if ((int)status >= 500)
        {
            return new CloudUnavailableException(service.Name, operation, $"{service.SigningName}:{operation} failed on AWS's side ({(int)status} {code}): {message}");
        }

        return new CloudValidationException(service.Name, operation, $"{code}: {message}");
    }

    /// <param name="renewed">Whether these were already fresh credentials, fetched after AWS refused the cached ones.</param>
    public static CloudCredentialsExpiredException CredentialsExpired(AwsJsonService service, string operation, CloudCaller caller, string code, string message, bool renewed)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(caller);
        var what = $"The credentials for role {caller.RoleName} in account {caller.AccountId} had expired ({code})";
        return new CloudCredentialsExpiredException(service.Name, operation, renewed
            ? $"{what}; fresh ones were fetched but AWS still refused {service.SigningName}:{operation}: {message}"
            : $"{what}; {service.SigningName}:{operation} was refused: {message}");
    }

    /// <param name="offset">How far AWS's clock is ahead of this host's (negative: behind).</param>
    /// <param name="corrected">Whether the refused request was already signed with AWS's time.</param>
    public static CloudClockSkewException ClockSkewed(AwsJsonService service, string operation, string code, string message, TimeSpan offset, bool corrected)
    {
        ArgumentNullException.ThrowIfNull(service);
        var minutes = offset.Duration().TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture);
        var direction = offset > TimeSpan.Zero ? "behind" : "ahead of";
        var what = $"This host's clock is {minutes} minute(s) {direction} AWS's";
        return new CloudClockSkewException(service.Name, operation, corrected
            ? $"{what}; {service.SigningName}:{operation} was signed again with AWS's time but AWS still refused it ({code}): {message} Set the host's clock right (NTP)."
            : $"{what}; AWS refused {service.SigningName}:{operation} as signed at the wrong time ({code}): {message} Set the host's clock right (NTP).");
    }

    /// <summary>A skew refusal without a Date header: there is no time to correct from.</summary>
    public static CloudClockSkewException ClockSkewedWithoutTime(AwsJsonService service, string operation, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new CloudClockSkewException(service.Name, operation,
            $"AWS refused {service.SigningName}:{operation} as signed at the wrong time ({code}): {message} It gave no time to correct from; check this host's clock (NTP).");
    }

    private static string? Member(JsonNode? body, string member) =>
        body is JsonObject json && json[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
