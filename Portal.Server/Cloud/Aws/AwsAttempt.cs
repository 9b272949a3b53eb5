using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Portal.Server.Cloud.Aws;

/// <summary>What went wrong with one signed attempt, as far as sending it again goes.</summary>
public enum AwsFailureKind
{
    /// <summary>AWS answered an error that sending again would not change (validation, not found, access denied).</summary>
    Final,

    /// <summary>AWS throttled the request: it was not carried out; it may be sent again after a wait.</summary>
    Throttled,

    /// <summary>AWS refused the credentials as expired or unknown: fresh ones may be accepted.</summary>
    CredentialsExpired,

    /// <summary>AWS refused the signature as made at the wrong time; its Date header gave the offset to sign with.</summary>
    ClockSkewed,

    /// <summary>No connection could be made: the request never left.</summary>
    NotSent,

    /// <summary>AWS answered a server error (5xx).</summary>
    ServerError,

    /// <summary>The connection broke after the request was sent, or the answer was cut short.</summary>
    Broken,

    /// <summary>AWS answered success with a body that is not a JSON object (or, for the query protocol, the XML answer): empty, truncated, garbled.</summary>
    Unreadable,

    /// <summary>No answer came within the attempt's timeout.</summary>
    TimedOut,
}

/// <summary>One signed attempt's outcome: AWS's answer, or the kind of failure and the portal's error for it.</summary>
public sealed record AwsAttempt(JsonObject? Answer, AwsFailureKind? Failure, CloudException? Error)
{
    /// <summary>A query-protocol answer: the operation's result element (DescribeTargetHealthResult, ...).</summary>
    public XElement? Result { get; init; }

    public static AwsAttempt Answered(JsonObject answer) => new(answer, null, null);

    public static AwsAttempt Answered(XElement result) => new(null, null, null) { Result = result };

    public static AwsAttempt Failed(AwsFailureKind kind, CloudException error) => new(null, kind, error);
}
