using System.Text.RegularExpressions;

namespace Portal.Shared.Fleet;

/// <summary>Reads an ECS service event message and says what kind of event it is.</summary>
/// <remarks>
/// ECS writes service events as sentences prefixed with "(service name)" (or "(service name, taskSet id)"); older
/// messages and some regions drop the parentheses ("service name (port 80) is unhealthy in target-group tg due to ...",
/// "service name registered 1 instances in elb lb"). The patterns below match the verb phrase of each documented
/// message, not the prefix, so task-set, Classic Load Balancer and Availability Zone rebalancing variants classify
/// the same way. The messages each pattern was written for, with where they come from, are in
/// tests/Portal.Shared.Tests/Fleet/DocumentedServiceEventMessages.cs. The first matching rule wins, most telling first:
/// a message that carries a deployment failure together with its cause ("deployment failed: tasks failed to start.
/// (service x) was unable to place a task. ...") is a deployment failure, and a rollback outranks the failure it
/// answers.
/// </remarks>
public static partial class ServiceEventClassifier
{
    private static readonly (Func<Regex> Pattern, ServiceEventClass Class)[] Rules =
    [
        (RollbackPattern, ServiceEventClass.Rollback),
        (DeploymentFailedPattern, ServiceEventClass.DeploymentFailed),
        (DeploymentCompletedPattern, ServiceEventClass.DeploymentCompleted),
        (UnhealthyTargetPattern, ServiceEventClass.UnhealthyTarget),
        (TargetRegistrationFailedPattern, ServiceEventClass.TargetRegistrationFailed),
        (PlacementFailurePattern, ServiceEventClass.PlacementFailure),
        (TaskFailedToStartPattern, ServiceEventClass.TaskFailedToStart),
        (ScalingBlockedPattern, ServiceEventClass.ScalingBlocked),
        (ThrottledPattern, ServiceEventClass.Throttled),
        (SteadyStatePattern, ServiceEventClass.SteadyState),
        (RebalancingPattern, ServiceEventClass.Rebalancing),
        (DrainingPattern, ServiceEventClass.Draining),
        (TargetsDeregisteredPattern, ServiceEventClass.TargetsDeregistered),
        (TargetsRegisteredPattern, ServiceEventClass.TargetsRegistered),
        (TasksStoppedPattern, ServiceEventClass.TasksStopped),
        (TasksStartedPattern, ServiceEventClass.TasksStarted),
    ];

    public static ServiceEventClass Classify(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return ServiceEventClass.Other;
        }

        foreach (var (pattern, eventClass) in Rules)
        {
            if (pattern().IsMatch(message))
            {
                return eventClass;
            }
        }

        return ServiceEventClass.Other;
    }

    /// <summary>
    /// The first deployment id ("ecs-svc/1234567890123456789") the message names, or null when it names none.
    /// In "(service x) rolling back to deployment ecs-svc/2." that is the deployment rolled back to; in
    /// "(service x) (deployment ecs-svc/1) deployment failed: ..." it is the deployment that failed.
    /// </summary>
    public static string? DeploymentId(string message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }

        var match = DeploymentIdPattern().Match(message);
        return match.Success ? match.Value : null;
    }

    // "(service x) rolling back to deployment ecs-svc/2.", "(service x) (deployment ecs-svc/1) rolling back to
    // deployment ecs-svc/2.", "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/2.",
    // "(service x) deployment ecs-svc/1 has been rolled back."
    [GeneratedRegex(@"\b(rolling|rolled)\s+back\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RollbackPattern();

    // "(service x) (deployment ecs-svc/1) deployment failed: tasks failed to start." / "...: alarm detected."
    [GeneratedRegex(@"\bdeployment\s+failed\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeploymentFailedPattern();

    // "(service x) (deployment ecs-svc/1) deployment completed."
    [GeneratedRegex(@"\bdeployment\s+completed\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeploymentCompletedPattern();

    // "(service x) (task 5f2e) (port 8080) is unhealthy in (target-group arn) due to (reason ...)",
    // "(service x) (instance i-1) (port 80) is unhealthy in (elb name) due to (reason ...)",
    // "service x (port 8081) is unhealthy in target-group tg due to (reason ...)" (no parentheses),
    // "service x (instance i-1) is unhealthy in elb name due to (reason ...)",
    // "(service x) (task 5f2e) failed ELB health checks in (target-group arn)."
    [GeneratedRegex(@"\bis\s+unhealthy\s+in\s+(\(|target[-\s]group\b|elb\b)|\bfailed\s+(ELB|load\s+balancer)\s+health\s+checks\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnhealthyTargetPattern();

    // "(service x) failed to register targets in (target-group arn) with (error The target group does not exist)"
    [GeneratedRegex(@"\bfailed\s+to\s+(de)?register\s+(\d+\s+)?(targets?|instances?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TargetRegistrationFailedPattern();

    // "(service x) was unable to place a task because no container instance met all of its requirements.",
    // "(service x) was unable to place a task. Reason: ...",
    // "(service x) is unable to place a task in Availability Zone ... because no container instance met ..."
    [GeneratedRegex(@"\b(was|is)\s+unable\s+to\s+place\s+(a\s+)?tasks?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlacementFailurePattern();

    // "(service x) failed to launch a task with (error ...)", "(service x) is unable to consistently start tasks
    // successfully.", "(service x) (task 5f2e) failed container health checks."
    [GeneratedRegex(@"\bfailed\s+to\s+launch\s+(a\s+)?tasks?\b|\bunable\s+to\s+consistently\s+start\s+tasks\b|\bfailed\s+container\s+health\s+checks\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TaskFailedToStartPattern();

    // "(service x) was unable to stop or start tasks during a deployment because of the service deployment
    // configuration. ...", "(service x) was unable to reach steady state because task set (ecs-svc/1) was unable to
    // scale in. Reason: The number of protected tasks are more than the desired count of tasks."
    [GeneratedRegex(@"\bunable\s+to\s+stop\s+or\s+start\s+tasks\b|\bunable\s+to\s+reach\s+(a\s+)?steady\s+state\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScalingBlockedPattern();

    // "(service x) operations are being throttled. Will try again later.", "... operations are being throttled on elb. ..."
    [GeneratedRegex(@"\boperations\s+are\s+being\s+throttled\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThrottledPattern();

    // "(service x) has reached a steady state."
    [GeneratedRegex(@"\breached\s+a\s+steady\s+state\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SteadyStatePattern();

    // "service (x) is not AZ balanced with 2 tasks in eu-west-1a, ... AZ Rebalancing in progress.",
    // "service (x) is AZ balanced with 2 tasks in eu-west-1a, ..."
    [GeneratedRegex(@"\bis\s+(not\s+)?AZ\s+balanced\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RebalancingPattern();

    // "(service x) has begun draining connections on 1 tasks."
    [GeneratedRegex(@"\bbegun\s+draining\s+connections\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DrainingPattern();

    // "(service x) deregistered 1 targets in (target-group arn)", "(service x) deregistered 1 instances in (elb name)"
    [GeneratedRegex(@"\bderegistered\s+\d+\s+(targets?|instances?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TargetsDeregisteredPattern();

    // "(service x) registered 2 targets in (target-group arn)", "(service x) registered 1 instances in (elb name)"
    // (a Classic Load Balancer registers instances); \b keeps "deregistered" out.
    [GeneratedRegex(@"\bregistered\s+\d+\s+(targets?|instances?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TargetsRegisteredPattern();

    // "(service x) has stopped 1 running tasks: (task 5f2e).", "(service x) stopped 2 pending tasks."
    [GeneratedRegex(@"\bstopped\s+\d+\s+((running|pending)\s+)?tasks?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TasksStoppedPattern();

    // "(service x) has started 2 tasks: (task 5f2e) (task 9ab1)."
    [GeneratedRegex(@"\bhas\s+started\s+\d+\s+tasks?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TasksStartedPattern();

    [GeneratedRegex(@"\becs-svc/[0-9A-Za-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex DeploymentIdPattern();
}
