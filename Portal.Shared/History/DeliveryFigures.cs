using Portal.Shared.Deployments;

namespace Portal.Shared.History;

/// <summary>One deployment as the figures read it.</summary>
public sealed record FigureDeployment(
    string Environment,
    string Cluster,
    string Service,
    string Kind,
    DeploymentStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt);

/// <summary>
/// How delivery went in one environment over a period, from the ledger and the archived alarm changes:
/// <list type="bullet">
/// <item><see cref="Deploys"/>: deployments of kind deploy asked for in the period.</item>
/// <item><see cref="Rollbacks"/>: rollbacks asked for in the period, plus deploys ECS's circuit breaker rolled back.</item>
/// <item><see cref="FailureRate"/>: failed and rolled-back deployments over finished ones (null when none finished).</item>
/// <item><see cref="MeanTimeToRecovery"/>: from the start of a regression (a service's alarm entering ALARM) to
/// healthy again (none of its alarms in ALARM), averaged over the regressions that began in the period and
/// have ended; null when none have. <see cref="Recovered"/> counts them.</item>
/// </list>
/// </summary>
public sealed record DeliveryFigures(
    string? Environment,
    DateTimeOffset From,
    DateTimeOffset To,
    int Deploys,
    int Rollbacks,
    int Finished,
    int Failed,
    double? FailureRate,
    TimeSpan? MeanTimeToRecovery,
    int Recovered)
{
    // The ledger's kinds (Portal.Server's DeploymentKinds), spelled here because Shared cannot see the server.
    private const string DeployKind = "deploy";
    private const string RollbackKind = "rollback";

    /// <summary>
    /// Computes the figures of deployments asked for, and regressions begun, in [from, to). A recovery
    /// may end after <paramref name="to"/>, so <paramref name="alarmChanges"/> should include later ones.
    /// </summary>
    public static DeliveryFigures Compute(
        string? environment, DateTimeOffset from, DateTimeOffset to, IEnumerable<FigureDeployment> deployments, IEnumerable<FigureAlarmChange> alarmChanges)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(alarmChanges);
        var inPeriod = deployments
            .Where(d => (environment is null || d.Environment == environment) && d.RequestedAt >= from && d.RequestedAt < to)
            .ToList();

        var deploys = inPeriod.Count(d => d.Kind == DeployKind);
        var rollbacks = inPeriod.Count(d => d.Kind == RollbackKind || d.Status == DeploymentStatus.RolledBack);
        var finished = inPeriod.Count(IsFinished);
        var failed = inPeriod.Count(IsFailure);
        double? failureRate = finished == 0 ? null : (double)failed / finished;

        var recoveries = Regression.From(alarmChanges.Where(c => environment is null || c.Environment == environment))
            .Where(r => r.Began >= from && r.Began < to && r.Ended is not null)
            .Select(r => r.Ended!.Value - r.Began)
            .ToList();
        TimeSpan? mean = recoveries.Count == 0 ? null : TimeSpan.FromTicks((long)recoveries.Average(r => r.Ticks));
        return new DeliveryFigures(environment, from, to, deploys, rollbacks, finished, failed, failureRate, mean, recoveries.Count);
    }

    private static bool IsFinished(FigureDeployment d) =>
        d.Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack or DeploymentStatus.Stopped;

    private static bool IsFailure(FigureDeployment d) => d.Status is DeploymentStatus.Failed or DeploymentStatus.RolledBack;
}
