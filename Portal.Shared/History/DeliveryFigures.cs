using Portal.Shared.Deployments;

namespace Portal.Shared.History;

/// <summary>One deployment as the figures read it; <see cref="Actor"/> is null for a deploy made outside the portal.</summary>
public sealed record FigureDeployment(
    string Environment,
    string Cluster,
    string Service,
    string Kind,
    DeploymentStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    string? Actor = null,
    string? Source = null);

/// <summary>What the figures count: the timeline's scope (each filter left null takes everything) over [From, To).</summary>
public sealed record FiguresQuery(
    string? Environment, string? Cluster, string? Service, string? Actor, string? Source, DateTimeOffset From, DateTimeOffset To)
{
    public static FiguresQuery OfEnvironment(string? environment, DateTimeOffset from, DateTimeOffset to) => new(environment, null, null, null, null, from, to);

    public bool Covers(FigureDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return InScope(deployment.Environment, deployment.Cluster, deployment.Service)
            && (Actor is null || deployment.Actor == Actor)
            && (Source is null || deployment.Source == Source);
    }

    /// <summary>Alarms name no actor nor source: they count for the services in scope.</summary>
    public bool InScope(string environment, string cluster, string service) =>
        (Environment is null || environment == Environment) && (Cluster is null || cluster == Cluster) && (Service is null || service == Service);
}

/// <summary>
/// How delivery went over a period, from the ledger, the deploys made outside the portal and the
/// archived alarm changes, for the services and people in <see cref="Query"/>:
/// <list type="bullet">
/// <item><see cref="Deploys"/>: deployments of kind deploy asked for in the period (rollbacks are not deploys).</item>
/// <item><see cref="Rollbacks"/>: rollbacks asked for in the period, plus deploys ECS's circuit breaker rolled back.</item>
/// <item><see cref="FailureRate"/>: of the deploys that finished (<see cref="Finished"/>), the share that
/// failed (<see cref="Failed"/>): their deployment failed, ECS rolled them back, or a rollback of the
/// service followed them before its next deploy. Null when none finished.</item>
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
    int Recovered,
    FiguresQuery? Query = null)
{
    // The ledger's kinds (Portal.Server's DeploymentKinds), spelled here because Shared cannot see the server.
    private const string DeployKind = "deploy";
    private const string RollbackKind = "rollback";

    public static DeliveryFigures Compute(
        string? environment, DateTimeOffset from, DateTimeOffset to, IEnumerable<FigureDeployment> deployments, IEnumerable<FigureAlarmChange> alarmChanges) =>
        Compute(FiguresQuery.OfEnvironment(environment, from, to), deployments, alarmChanges);

    /// <summary>
    /// Computes the figures of deployments asked for, and regressions begun, in the query's period. A
    /// rollback or a recovery may come after it, so <paramref name="deployments"/> and
    /// <paramref name="alarmChanges"/> should include later ones, and every person's deployments of the
    /// services in scope (a rollback by someone else still marks a deploy as failed).
    /// </summary>
    public static DeliveryFigures Compute(FiguresQuery query, IEnumerable<FigureDeployment> deployments, IEnumerable<FigureAlarmChange> alarmChanges)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(deployments);
        ArgumentNullException.ThrowIfNull(alarmChanges);
        var ofServices = deployments.Where(d => query.InScope(d.Environment, d.Cluster, d.Service)).ToList();
        var inPeriod = ofServices.Where(d => query.Covers(d) && d.RequestedAt >= query.From && d.RequestedAt < query.To).ToList();
        var deploys = inPeriod.Where(d => d.Kind == DeployKind).ToList();

        var rollbacks = inPeriod.Count(d => d.Kind == RollbackKind || d.Status == DeploymentStatus.RolledBack);
        var finished = deploys.Where(IsFinished).ToList();
        var failed = finished.Count(d => IsFailure(d) || IsRolledBackLater(d, ofServices));
        double? failureRate = finished.Count == 0 ? null : (double)failed / finished.Count;

        var recoveries = Regression.From(alarmChanges.Where(c => query.InScope(c.Environment, c.Cluster, c.Service)))
            .Where(r => r.Began >= query.From && r.Began < query.To && r.Ended is not null)
            .Select(r => r.Ended!.Value - r.Began)
            .ToList();
        TimeSpan? mean = recoveries.Count == 0 ? null : TimeSpan.FromTicks((long)recoveries.Average(r => r.Ticks));
        return new DeliveryFigures(query.Environment, query.From, query.To, deploys.Count, rollbacks, finished.Count, failed, failureRate, mean, recoveries.Count, query);
    }

    private static bool IsFinished(FigureDeployment d) =>
        d.Status is DeploymentStatus.Completed or DeploymentStatus.Failed or DeploymentStatus.RolledBack or DeploymentStatus.Stopped;

    private static bool IsFailure(FigureDeployment d) => d.Status is DeploymentStatus.Failed or DeploymentStatus.RolledBack;

    /// <summary>A rollback of the same service after the deploy, before the service's next deploy, undid it.</summary>
    private static bool IsRolledBackLater(FigureDeployment deploy, List<FigureDeployment> ofServices)
    {
        var next = ofServices
            .Where(d => d.Environment == deploy.Environment && d.Cluster == deploy.Cluster && d.Service == deploy.Service && d.RequestedAt > deploy.RequestedAt)
            .MinBy(d => d.RequestedAt);
        return next is { Kind: RollbackKind };
    }
}
