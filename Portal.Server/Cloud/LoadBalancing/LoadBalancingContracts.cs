namespace Portal.Server.Cloud.LoadBalancing;

// Request and response records named after the members of the ELBv2 API model
// (shared aws-models/elbv2/service-2.json), holding only the members the portal reads or sends.

public sealed record DescribeTargetHealthRequest(string TargetGroupArn);

public sealed record DescribeTargetHealthResponse(IReadOnlyList<TargetHealthDescription> TargetHealthDescriptions);

/// <summary>
/// One target and its health: <paramref name="State"/> is one of initial, healthy, unhealthy, unhealthy.draining,
/// unused, draining, unavailable; <paramref name="Reason"/> a code such as Target.ResponseCodeMismatch (none when healthy).
/// </summary>
public sealed record TargetHealthDescription(
    string TargetId,
    int? Port,
    string? AvailabilityZone,
    string? HealthCheckPort,
    string State,
    string? Reason,
    string? Description);

public static class TargetHealthStates
{
    public const string Initial = "initial";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string UnhealthyDraining = "unhealthy.draining";
    public const string Unused = "unused";
    public const string Draining = "draining";
    public const string Unavailable = "unavailable";
}

public static class TargetHealthReasons
{
    public const string RegistrationInProgress = "Elb.RegistrationInProgress";
    public const string InitialHealthChecking = "Elb.InitialHealthChecking";
    public const string ResponseCodeMismatch = "Target.ResponseCodeMismatch";
    public const string Timeout = "Target.Timeout";
    public const string FailedHealthChecks = "Target.FailedHealthChecks";
    public const string DeregistrationInProgress = "Target.DeregistrationInProgress";
}
