namespace Portal.Shared.Fleet;

/// <summary>
/// What the load balancer saw of a service's targets, per target group, when the poller last asked
/// (ELBv2 DescribeTargetHealth). <see cref="ReadAt"/> is null when the service has no target group or was
/// never read; <see cref="LastError"/> says why the latest read failed (the groups then are the last read's).
/// </summary>
public sealed record LoadBalancerTargets(IReadOnlyList<TargetGroupHealth> TargetGroups, DateTimeOffset? ReadAt, string? LastError = null)
{
    public static LoadBalancerTargets None { get; } = new([], null);

    public int Healthy => TargetGroups.Sum(g => g.Healthy);

    public int Unhealthy => TargetGroups.Sum(g => g.Unhealthy);

    public int Draining => TargetGroups.Sum(g => g.Draining);

    public int Initial => TargetGroups.Sum(g => g.Initial);

    /// <summary>Targets that take or should take traffic: neither draining nor unused.</summary>
    public int Serving => TargetGroups.Sum(g => g.Serving);
}

/// <summary>
/// One target group's targets by state, and each unhealthy one (state unhealthy or unavailable) with the reason
/// code and description ELB gives, e.g. Target.ResponseCodeMismatch, "Health checks failed with these codes: [502]".
/// </summary>
public sealed record TargetGroupHealth(
    string Arn,
    string Name,
    int Healthy,
    int Unhealthy,
    int Draining,
    int Initial,
    IReadOnlyList<UnhealthyTarget> UnhealthyTargets)
{
    /// <summary>Healthy, unhealthy and initial targets: the ones the group routes or will route to.</summary>
    public int Serving => Healthy + Unhealthy + Initial;

    /// <summary>"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web-tg/73e2d6bc24d8a067" → "web-tg".</summary>
    public static string NameOf(string arn)
    {
        var marker = arn.IndexOf("targetgroup/", StringComparison.Ordinal);
        if (marker < 0)
        {
            return arn;
        }

        var rest = arn[(marker + "targetgroup/".Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }
}

/// <summary>An unhealthy target: its id (an IP address for awsvpc tasks, an instance id otherwise) and port.</summary>
public sealed record UnhealthyTarget(string Id, int? Port, string State, string? Reason, string? Description);
