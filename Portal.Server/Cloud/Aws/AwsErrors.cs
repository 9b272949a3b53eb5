using System.Net;
using System.Text.Json.Nodes;

namespace Portal.Server.Cloud.Aws;

/// <summary>Reads an AWS JSON-protocol error answer and turns it into the portal's own error.</summary>
public static class AwsErrors
{
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
        "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken", "InvalidSignatureException", "SignatureDoesNotMatch",
        "MissingAuthenticationTokenException", "NotAuthorized",
    };

    private static readonly HashSet<string> NotFound = new(StringComparer.Ordinal)
    {
        "ClusterNotFoundException", "ServiceNotFoundException", "ResourceNotFoundException", "ResourceNotFound",
        "ServiceNotActiveException", "TargetNotFoundException", "NamespaceNotFoundException",
    };

    /// <summary>The error's short code: "com.amazonaws.ecs#ClusterNotFoundException:http://..." → "ClusterNotFoundException".</summary>
    public static string Code(string? headerType, JsonNode? body)
    {
        var raw = headerType ?? body?["__type"]?.GetValue<string>() ?? body?["code"]?.GetValue<string>() ?? "UnknownError";
        var hash = raw.LastIndexOf('#');
        var code = hash >= 0 ? raw[(hash + 1)..] : raw;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? code[..colon] : code;
    }

    public static string Message(JsonNode? body) =>
        body?["message"]?.GetValue<string>() ?? body?["Message"]?.GetValue<string>() ?? "(AWS gave no message)";

    public static bool IsRetryable(HttpStatusCode status, string code) =>
        Throttling.Contains(code) || (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    public static CloudException ToCloudError(AwsJsonService service, string operation, CloudCaller caller, HttpStatusCode status, string code, string message)
    {
        if (AccessDenied.Contains(code) || status == HttpStatusCode.Forbidden)
        {
            return new CloudAccessDeniedException(service.Name, operation,
                $"Role {caller.RoleName} in account {caller.AccountId} may not call {service.SigningName}:{operation} ({code}): {message}");
        }

        if (Throttling.Contains(code) || status == HttpStatusCode.TooManyRequests)
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
}
