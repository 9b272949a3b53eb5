using System.Globalization;
using Portal.Server.Cloud.LoadBalancing;

namespace Portal.Server.Simulation.World;

/// <summary>
/// What a service's target group reports of its tasks, as ELB does: a task is registered when it starts running,
/// health checked (initial) until it passes, healthy after; a faulty build's tasks fail their checks (unhealthy,
/// mostly answering 502, some timing out) until ECS stops them; a draining task is being deregistered.
/// </summary>
internal static class SimulatedTargets
{
    public static List<TargetHealthDescription> Describe(SimService service, DateTimeOffset now, double speed)
    {
        // ELB calls a target unhealthy after its unhealthy threshold of failed checks: a third of the health check period here.
        var unhealthyAfter = SimulationTimings.AtSpeed(speed).HealthCheck / 3;
        var targets = new List<TargetHealthDescription>();
        foreach (var deployment in service.Deployments)
        {
            foreach (var task in deployment.Tasks)
            {
                var (state, reason, description) = task.State switch
                {
                    SimTaskState.Running when task.Healthy => (TargetHealthStates.Healthy, null, null),
                    SimTaskState.Running when deployment.TaskDefinition.Faulty && now - (task.StartedAt ?? DateTimeOffset.MinValue) >= unhealthyAfter => Failing(task),
                    SimTaskState.Running => (TargetHealthStates.Initial, TargetHealthReasons.InitialHealthChecking, "Initial health checks in progress"),
                    SimTaskState.Draining => (TargetHealthStates.Draining, TargetHealthReasons.DeregistrationInProgress, "Target deregistration is in progress"),
                    _ => ((string?)null, (string?)null, (string?)null),
                };
                if (state is not null)
                {
                    targets.Add(new TargetHealthDescription(IpOf(task), service.Port, "eu-west-1a", service.Port.ToString(CultureInfo.InvariantCulture), state, reason, description));
                }
            }
        }

        return targets;
    }

    /// <summary>Two of three failing tasks answer the check with a 502, the third does not answer in time.</summary>
    private static (string, string?, string?) Failing(SimTask task) =>
        StableHash.Of(task.Id, 11) % 3 == 2
            ? (TargetHealthStates.Unhealthy, TargetHealthReasons.Timeout, "Request timed out")
            : (TargetHealthStates.Unhealthy, TargetHealthReasons.ResponseCodeMismatch, "Health checks failed with these codes: [502]");

    /// <summary>An awsvpc task is registered by its private IP address: a stable one per task.</summary>
    private static string IpOf(SimTask task)
    {
        var hash = StableHash.Of(task.Id, 5);
        return string.Create(CultureInfo.InvariantCulture, $"10.0.{(hash >> 8) % 64}.{(hash % 250) + 4}");
    }
}
