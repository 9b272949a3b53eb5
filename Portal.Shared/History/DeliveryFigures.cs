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
/// How delivery went in one environment over a period, from the ledger alone:
/// <list type="bullet">
/// <item><see cref="Deploys"/>: deployments of kind deploy asked for in the period.</item>
/// <item><see cref="Rollbacks"/>: rollbacks asked for in the period, plus deploys ECS's circuit breaker rolled back.</item>
/// <item><see cref="FailureRate"/>: failed and rolled-back deployments over finished ones (null when none finished).</item>
/// <item><see cref="MeanTimeToRecovery"/>: from the end of a failed or rolled-back deployment to the end of the
/// next completed deployment of the same service (a fix or a rollback), averaged over those recovered;
/// null when none were. The ledger knows deploys, not alarms, so "regression" is read as "a deploy failed".</item>
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
    /// Computes the figures of deployments asked for in [from, to). Recoveries may end after
    /// <paramref name="to"/>, so <paramref name="deployments"/> should include later ones of the same services.
    /// </summary>
    public static DeliveryFigures Compute(string? environment, DateTimeOffset from, DateTimeOffset to, IEnumerable<FigureDeployment> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var all = deployments.Where(d => environment is null || d.Environment == environment).ToList();
        var inPeriod = all.Where(d => d.RequestedAt >= from && d.RequestedAt < to).ToList();

        var deploys = inPeriod.Count(d => d.Kind == DeployKind);
        var rollbacks = inPeriod.Count(d => d.Kind == RollbackKind || d.Status == DeploymentStatus.RolledBack);
        var finished = inPeriod.Count(IsFinished);
        var failed = inPeriod.Count(IsFailure);
        double? failureRate = finished == 0 ? null : (double)failed / finished;

        var completedByService = all
            .Where(d => d.Status == DeploymentStatus.Completed && d.FinishedAt is not null)
            .ToLookup(d => (d.Environment, d.Cluster, d.Service), d => d.FinishedAt!.Value);
        var recoveries = new List<TimeSpan>();
        foreach (var failure in inPeriod.Where(d => IsFailure(d) && d.FinishedAt is not null))
        {
            var next = completedByService[(failure.Environment, failure.Cluster, failure.Service)]
                .Where(at => at >= failure.FinishedAt!.Value)
                .DefaultIfEmpty(DateTimeOffset.MinValue)
                .Min();
            if (next != DateTimeOffset.MinValue)
            {
                recoveries.Add(next - failure.FinishedAt!.Value);
            }
        }

        TimeSpan? mean = recoveries.Count == 0 ? null : TimeSpan.FromTicks((long)recoveries.Average(r => r.Ticks));
        return new DeliveryFigures(environment, from, to, deploys, rollbacks, finished, failed, failureRate, mean, recoveries.Count);
    }

    private static bool IsFinished(FigureDeployment d) =>
        d.Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack or DeploymentStatus.Stopped;

    private static bool IsFailure(FigureDeployment d) => d.Status is DeploymentStatus.Failed or DeploymentStatus.RolledBack;
}
