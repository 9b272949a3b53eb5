namespace Portal.Server.Cloud;

/// <summary>
/// A cloud call that failed, in the portal's own terms. Adapters map AWS error codes to these so
/// no AWS type or exception crosses the cloud boundary.
/// </summary>
public abstract class CloudException : Exception
{
    protected CloudException(string service, string operation, string message, Exception? inner = null)
        : base(message, inner)
    {
        Service = service;
        Operation = operation;
    }

    public string Service { get; }

    public string Operation { get; }

    /// <summary>A short name for the kind of failure, used as a metric tag.</summary>
    public abstract string Outcome { get; }
}

/// <summary>The role is not allowed to perform the action (AWS AccessDeniedException).</summary>
public sealed class CloudAccessDeniedException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "access-denied";
}

/// <summary>The service throttled the call (AWS ThrottlingException and kin).</summary>
public sealed class CloudThrottledException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "throttled";
}

/// <summary>A named resource does not exist (cluster, service, task definition, deployment).</summary>
public sealed class CloudNotFoundException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "not-found";
}

/// <summary>The request broke a rule of the API (too many items, bad parameter), with AWS's message.</summary>
public sealed class CloudValidationException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "invalid";
}

/// <summary>The service could not be reached or answered with a server error.</summary>
public sealed class CloudUnavailableException(string service, string operation, string message, Exception? inner = null)
    : CloudException(service, operation, message, inner)
{
    public override string Outcome => "unavailable";
}

/// <summary>
/// The person's sign-in token is expired, signed out or unknown (Identity Center's UnauthorizedException):
/// the person has to sign in again.
/// </summary>
public sealed class CloudUnauthorizedException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "unauthorized";
}

/// <summary>
/// A write (RegisterTaskDefinition, UpdateService) whose answer never came: AWS may or may not have
/// carried it out. It is never re-sent blindly; the caller finds out what happened (did the
/// revision appear, did the service move) before it tries again.
/// </summary>
public sealed class CloudOutcomeUnknownException(string service, string operation, string message, Exception? inner = null)
    : CloudException(service, operation, message, inner)
{
    public override string Outcome => "outcome-unknown";
}

/// <summary>
/// AWS refused the caller's credentials as expired or unknown (ExpiredToken, InvalidClientTokenId,
/// RequestExpired) even after the portal dropped them and fetched fresh ones.
/// </summary>
public sealed class CloudCredentialsExpiredException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "credentials-expired";
}

/// <summary>
/// AWS refused the request as signed at the wrong time (Signature expired, RequestTimeTooSkewed) and
/// signing again with AWS's own time did not help, or AWS gave no time to correct from.
/// </summary>
public sealed class CloudClockSkewException(string service, string operation, string message)
    : CloudException(service, operation, message)
{
    public override string Outcome => "clock-skew";
}
