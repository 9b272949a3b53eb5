namespace Portal.Server.Simulation.World;

/// <summary>
/// Moves one service forward by one tick, the way ECS's rolling-update scheduler does: start the
/// primary deployment's tasks, register them with the target group, health-check them, drain the
/// old deployment's tasks, complete; or, for a faulty build, fail health checks until the deployment
/// circuit breaker fails the rollout and rolls back to the last completed deployment.
/// </summary>
internal sealed class ServiceStepper(WorldRandom random, SimulationTimings timings)
{
    public void Step(SimService service, DateTimeOffset now)
    {
        var messages = new List<string>();
        AdvanceTasks(service, now, messages);
        TripCircuitBreaker(service, now, messages);
        StartPrimaryTasks(service, now, messages);
        DrainSupersededTasks(service, now, messages);
        RetireEmptyDeployments(service);
        CompleteRollout(service, now, messages);
        AnnounceSteadyState(service, now, messages);
        foreach (var message in messages)
        {
            service.Events.Insert(0, new(random.NextEventId(), now, message));
        }

        if (service.Events.Count > Cloud.Ecs.EcsLimits.ServiceEventsKept)
        {
            service.Events.RemoveRange(Cloud.Ecs.EcsLimits.ServiceEventsKept, service.Events.Count - Cloud.Ecs.EcsLimits.ServiceEventsKept);
        }
    }

    /// <summary>Creates a PRIMARY deployment of the task definition; the current primary becomes ACTIVE.</summary>
    public SimDeployment StartDeployment(SimService service, SimTaskDefinition taskDefinition, DateTimeOffset now)
    {
        var record = new SimServiceDeploymentRecord
        {
            Arn = random.NextServiceDeploymentArn(service),
            TargetServiceRevisionArn = random.NextServiceRevisionArn(service),
            SourceServiceRevisionArns = service.Deployments.Select(d => d.Record.TargetServiceRevisionArn).ToList(),
            CreatedAt = now,
            RequestedTaskCount = service.DesiredCount,
            Threshold = CircuitBreakerThreshold(service.DesiredCount),
        };
        foreach (var superseded in service.Deployments)
        {
            superseded.Status = "ACTIVE";
            if (superseded.Record.Status == "IN_PROGRESS")
            {
                superseded.Record.Status = "STOPPED";
                superseded.Record.StatusReason = "Superseded by a newer deployment.";
                superseded.Record.FinishedAt = now;
            }
        }

        var deployment = new SimDeployment
        {
            Id = random.NextDeploymentId(),
            TaskDefinition = taskDefinition,
            CreatedAt = now,
            UpdatedAt = now,
            Record = record,
            DesiredCount = service.DesiredCount,
        };
        service.Deployments.Insert(0, deployment);
        service.ServiceDeployments.Insert(0, record);
        service.CpuFactorHistory.Add((now, taskDefinition.CpuFactor));
        service.SteadyStateAnnounced = false;
        return deployment;
    }

    public static int CircuitBreakerThreshold(int desiredCount) => Math.Clamp((int)Math.Ceiling(desiredCount * 0.5), 3, 200);

    private void AdvanceTasks(SimService service, DateTimeOffset now, List<string> messages)
    {
        var registered = 0;
        var stopped = new List<string>();
        foreach (var deployment in service.Deployments)
        {
            foreach (var task in deployment.Tasks.Where(t => t.NextAt <= now))
            {
                switch (task.State)
                {
                    case SimTaskState.Pending:
                        task.State = SimTaskState.Running;
                        task.RunningSince = now;
                        task.NextAt = now + timings.HealthCheck;
                        registered++;
                        break;
                    case SimTaskState.Running when deployment.TaskDefinition.Faulty:
                        messages.Add(EcsEventMessages.UnhealthyTarget(service.Name, task.Id, service.Port, service.TargetGroupArn));
                        task.State = SimTaskState.Stopped;
                        stopped.Add(task.Id);
                        deployment.FailedTasks++;
                        deployment.UpdatedAt = now;
                        break;
                    case SimTaskState.Running:
                        task.Healthy = true;
                        task.NextAt = DateTimeOffset.MaxValue;
                        deployment.UpdatedAt = now;
                        break;
                    case SimTaskState.Draining:
                        task.State = SimTaskState.Stopped;
                        stopped.Add(task.Id);
                        break;
                }
            }

            deployment.Tasks.RemoveAll(t => t.State == SimTaskState.Stopped);
        }

        if (registered > 0)
        {
            messages.Add(EcsEventMessages.TargetsRegistered(service.Name, registered, service.TargetGroupArn));
        }

        if (stopped.Count > 0)
        {
            messages.Add(EcsEventMessages.TasksStopped(service.Name, stopped));
        }
    }

    private void TripCircuitBreaker(SimService service, DateTimeOffset now, List<string> messages)
    {
        var failed = service.Primary;
        if (failed.RolloutState != "IN_PROGRESS" || failed.FailedTasks < CircuitBreakerThreshold(failed.DesiredCount))
        {
            return;
        }

        failed.RolloutState = "FAILED";
        failed.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        failed.UpdatedAt = now;
        failed.Record.FailureCount = failed.FailedTasks;
        messages.Add(EcsEventMessages.DeploymentFailed(service.Name, failed.Id));

        var lastCompleted = service.Deployments.Skip(1).FirstOrDefault(d => d.RolloutState == "COMPLETED");
        if (lastCompleted is null)
        {
            return;
        }

        var rollback = new SimDeployment
        {
            Id = random.NextDeploymentId(),
            TaskDefinition = lastCompleted.TaskDefinition,
            CreatedAt = now,
            UpdatedAt = now,
            Record = failed.Record,
            DesiredCount = service.DesiredCount,
        };

        // The last completed deployment's tasks already run the rollback's task definition: they carry over.
        rollback.Tasks.AddRange(lastCompleted.Tasks);
        service.Deployments.Remove(lastCompleted);
        failed.Status = "ACTIVE";
        service.Deployments.Insert(0, rollback);
        service.CpuFactorHistory.Add((now, lastCompleted.TaskDefinition.CpuFactor));
        failed.Record.Status = "ROLLBACK_IN_PROGRESS";
        failed.Record.StatusReason = failed.RolloutStateReason;
        failed.Record.RollbackReason = "Circuit breaker tripped: tasks failed to start.";
        failed.Record.RollbackStartedAt = now;
        failed.Record.RollbackRevisionArn = lastCompleted.Record.TargetServiceRevisionArn;
        messages.Add(EcsEventMessages.RollingBack(service.Name, rollback.Id));
    }

    private void StartPrimaryTasks(SimService service, DateTimeOffset now, List<string> messages)
    {
        var primary = service.Primary;
        if (primary.RolloutState == "FAILED")
        {
            return;
        }

        var unplaceable = primary.CannotPlaceOne ? 1 : 0;
        var missing = primary.DesiredCount - primary.Live - unplaceable;
        if (missing > 0)
        {
            var started = new List<string>();
            for (var i = 0; i < missing; i++)
            {
                var task = new SimTask(random.NextTaskId(), now + timings.TaskStart);
                primary.Tasks.Add(task);
                started.Add(task.Id);
            }

            primary.UpdatedAt = now;
            messages.Add(EcsEventMessages.TasksStarted(service.Name, started));
        }

        if (primary.CannotPlaceOne && now >= primary.NextPlacementEventAt)
        {
            messages.Add(EcsEventMessages.PlacementFailure(service.Name, random.NextTaskId()));
            primary.NextPlacementEventAt = now + timings.PlacementRetry;
        }
    }

    private void DrainSupersededTasks(SimService service, DateTimeOffset now, List<string> messages)
    {
        var primary = service.Primary;
        var superseded = service.Deployments.Skip(1).Reverse().ToList();
        foreach (var deployment in superseded)
        {
            // Tasks of a superseded deployment that never started are simply stopped.
            deployment.Tasks.RemoveAll(t => t.State == SimTaskState.Pending);
        }

        var oldRunning = superseded.SelectMany(d => d.Tasks).Where(t => t.State == SimTaskState.Running).ToList();
        var keep = Math.Max(0, service.DesiredCount - primary.Healthy);
        var drain = oldRunning.Take(Math.Max(0, oldRunning.Count - keep)).ToList();

        // A completed primary that was scaled down drains its own surplus too.
        var surplus = primary.Tasks.Where(t => t.IsLive).Skip(primary.DesiredCount).ToList();
        drain.AddRange(surplus);
        if (drain.Count == 0)
        {
            return;
        }

        foreach (var task in drain)
        {
            task.State = SimTaskState.Draining;
            task.NextAt = now + timings.Drain;
        }

        messages.Add(EcsEventMessages.Draining(service.Name, drain.Count));
        messages.Add(EcsEventMessages.TargetsDeregistered(service.Name, drain.Count, service.TargetGroupArn));
    }

    // A failed deployment stays listed (ACTIVE, rolloutState FAILED) while the rollback that replaced it runs,
    // as ECS shows it; otherwise it would vanish in the tick it failed and no DescribeServices could see it.
    private static void RetireEmptyDeployments(SimService service) =>
        service.Deployments.RemoveAll(d => d != service.Primary && d.Tasks.Count == 0
            && !(d.RolloutState == "FAILED" && service.Primary.RolloutState == "IN_PROGRESS"));

    private void CompleteRollout(SimService service, DateTimeOffset now, List<string> messages)
    {
        // A rollback adopts tasks that are already healthy; ECS still watches them for a health-check period before
        // it calls the deployment complete. A fresh deployment's tasks take longer than that to become healthy anyway.
        var primary = service.Primary;
        if (primary.RolloutState != "IN_PROGRESS" || primary.CannotPlaceOne || service.Deployments.Skip(1).Any(d => d.Tasks.Count > 0)
            || primary.Healthy < primary.DesiredCount || primary.Live != primary.DesiredCount || now - primary.CreatedAt < timings.HealthCheck)
        {
            return;
        }

        service.Deployments.RemoveAll(d => d != primary);

        primary.RolloutState = "COMPLETED";
        primary.RolloutStateReason = "ECS deployment " + primary.Id + " completed.";
        primary.UpdatedAt = now;
        primary.Record.Status = primary.Record.Status == "ROLLBACK_IN_PROGRESS" ? "ROLLBACK_SUCCESSFUL" : "SUCCESSFUL";
        primary.Record.FinishedAt = now;
        messages.Add(EcsEventMessages.DeploymentCompleted(service.Name, primary.Id));
    }

    private void AnnounceSteadyState(SimService service, DateTimeOffset now, List<string> messages)
    {
        if (!service.IsSettled)
        {
            return;
        }

        if (!service.SteadyStateAnnounced || now >= service.NextSteadyStateEventAt)
        {
            messages.Add(EcsEventMessages.SteadyState(service.Name));
            service.SteadyStateAnnounced = true;
            service.NextSteadyStateEventAt = now + timings.SteadyStateRepeat;
        }
    }
}

/// <summary>How long the phases of a task take, already divided by the simulation's speed.</summary>
internal sealed record SimulationTimings(TimeSpan TaskStart, TimeSpan HealthCheck, TimeSpan Drain, TimeSpan PlacementRetry, TimeSpan SteadyStateRepeat)
{
    public static SimulationTimings AtSpeed(double speed) => new(
        TimeSpan.FromSeconds(15 / speed),
        TimeSpan.FromSeconds(30 / speed),
        TimeSpan.FromSeconds(30 / speed),
        TimeSpan.FromMinutes(5 / speed),
        TimeSpan.FromHours(6));
}
