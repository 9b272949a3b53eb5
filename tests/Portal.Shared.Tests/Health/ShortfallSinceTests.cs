using Portal.Shared.Fleet;
using Portal.Shared.Health;
using static Portal.Shared.Tests.TestServices;

namespace Portal.Shared.Tests.Health;

public class ShortfallSinceTests
{
    private const string RolloutId = "ecs-svc/3333333333333333333";

    private static ServiceEventRecord Steady(TimeSpan ago) => Event(ServiceEventClass.SteadyState, ago, "(service tracking-api) has reached a steady state.");

    private static ServiceEventRecord Completed(TimeSpan ago) =>
        Event(ServiceEventClass.DeploymentCompleted, ago, $"(service tracking-api) (deployment {CompletedDeploymentId}) deployment completed.");

    private static ServiceEventRecord Started(TimeSpan ago) =>
        Event(ServiceEventClass.TasksStarted, ago, "(service tracking-api) has started 2 tasks: (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b) (task 9ab1).");

    private static ServiceEventRecord Stopped(TimeSpan ago) =>
        Event(ServiceEventClass.TasksStopped, ago, "(service tracking-api) has stopped 1 running tasks: (task 5f2e0c8a9d3b4e1f8a7c6b5d4e3f2a1b).");

    private static ServiceEventRecord Unplaced(TimeSpan ago) =>
        Event(ServiceEventClass.PlacementFailure, ago, "(service tracking-api) was unable to place a task because no container instance met all of its requirements.");

    /// <summary>A rollout created 40 min ago that never completes: one of its tasks cannot be placed, one stays pending.</summary>
    private static ServiceSnapshot StuckRollout() => Service(desired: 2, running: 1, pending: 1) with
    {
        Deployments =
        [
            Deployment(RolloutId, "PRIMARY", RolloutState.InProgress, "ECS deployment ecs-svc/3333333333333333333 in progress.") with { CreatedAt = Now - Min(40), UpdatedAt = Now - Min(1) },
            Deployment(CompletedDeploymentId, "ACTIVE", RolloutState.Completed, null),
        ],
        Events = [Unplaced(Min(5)), Unplaced(Min(20)), Started(Min(39)), Steady(Min(50)), Completed(Min(180)), Started(Min(183))],
    };

    [Fact]
    public void A_portal_that_just_started_dates_a_stuck_rollout_from_ECS_not_from_its_first_sight()
    {
        var service = StuckRollout();

        Assert.Equal(Now - Min(40), ShortfallSince.BelowDesired(service, earlier: null, takenAt: Now));
        Assert.Equal(Now - Min(40), ShortfallSince.Pending(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void A_portal_that_kept_watching_gives_the_same_answer()
    {
        var service = StuckRollout();

        Assert.Equal(Now - Min(40), ShortfallSince.BelowDesired(service, earlier: Now - Min(38), takenAt: Now));
        Assert.Equal(Now - Min(40), ShortfallSince.Pending(service, earlier: Now - Min(38), takenAt: Now));
    }

    [Fact]
    public void Without_a_rollout_the_earliest_trouble_since_the_service_last_settled_counts()
    {
        // Tasks stopped 25 min ago and cannot be placed again; the trouble before the steady state 30 min ago is over.
        var service = Service(desired: 3, running: 1) with
        {
            Events = [Unplaced(Min(2)), Unplaced(Min(12)), Started(Min(24)), Stopped(Min(25)), Steady(Min(30)), Stopped(Min(45)), Unplaced(Min(50))],
        };

        Assert.Equal(Now - Min(25), ShortfallSince.BelowDesired(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void The_earlier_value_stands_when_ECS_gives_nothing_better()
    {
        var service = Service(desired: 3, running: 1) with { Events = [Steady(Min(30))] };

        Assert.Equal(Now - Min(10), ShortfallSince.BelowDesired(service, earlier: Now - Min(10), takenAt: Now));
    }

    [Fact]
    public void The_earlier_value_stands_when_it_is_earlier_than_ECS_evidence()
    {
        var service = Service(desired: 3, running: 1) with { Events = [Unplaced(Min(2)), Steady(Min(30))] };

        Assert.Equal(Now - Min(10), ShortfallSince.BelowDesired(service, earlier: Now - Min(10), takenAt: Now));
    }

    [Fact]
    public void An_earlier_value_from_before_the_service_last_settled_is_dropped()
    {
        // The portal saw a shortfall 40 min ago; the service settled 30 min ago and fell short again 5 min ago.
        var service = Service(desired: 3, running: 1) with { Events = [Stopped(Min(5)), Steady(Min(30))] };

        Assert.Equal(Now - Min(5), ShortfallSince.BelowDesired(service, earlier: Now - Min(40), takenAt: Now));
    }

    [Fact]
    public void With_no_evidence_and_no_earlier_value_it_is_the_portals_first_sight()
    {
        var service = Service(desired: 3, running: 1) with { Events = [Steady(Min(30)), Stopped(Min(45))] };

        Assert.Equal(Now, ShortfallSince.BelowDesired(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void A_completed_primary_deployment_is_no_evidence()
    {
        // The deployment was created three hours ago and completed; the shortfall came later, when the portal first saw it.
        var service = Service(desired: 3, running: 2);

        Assert.Equal(Now, ShortfallSince.BelowDesired(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void A_failed_rollout_dates_from_its_creation()
    {
        var service = Service(desired: 2, running: 0) with
        {
            Deployments = [Deployment(RolloutId, "PRIMARY", RolloutState.Failed, "tasks failed to start.") with { CreatedAt = Now - Min(15) }],
            Events = [Steady(Min(60))],
        };

        Assert.Equal(Now - Min(15), ShortfallSince.BelowDesired(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void ECS_timestamps_ahead_of_the_portals_clock_never_date_a_shortfall_after_it_was_seen()
    {
        var service = Service(desired: 2, running: 1) with { Events = [Started(-Min(0.5))] };

        Assert.Equal(Now, ShortfallSince.BelowDesired(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void Placement_failures_say_nothing_about_pending_tasks()
    {
        var service = Service(desired: 2, running: 2, pending: 1) with { Events = [Started(Min(3)), Unplaced(Min(8)), Steady(Min(30))] };

        Assert.Equal(Now - Min(3), ShortfallSince.Pending(service, earlier: null, takenAt: Now));
    }

    [Fact]
    public void A_service_at_its_desired_count_with_nothing_pending_has_no_since()
    {
        var service = Service(desired: 2, running: 2) with { Events = [Unplaced(Min(3))] };

        Assert.Null(ShortfallSince.BelowDesired(service, earlier: Now - Min(10), takenAt: Now));
        Assert.Null(ShortfallSince.Pending(service, earlier: Now - Min(10), takenAt: Now));
    }
}
