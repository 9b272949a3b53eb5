using System.Collections.ObjectModel;
using System.Globalization;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation.World;

/// <summary>
/// Lays out the world the seed describes at its beginning: each service's revision history, the
/// deployment it runs with its tasks and past events, alarms, CI builds and scheduled CI deploys.
/// </summary>
internal static class WorldBuilder
{
    private static readonly TimeSpan RevisionInterval = TimeSpan.FromHours(31);

    public static void Build(SimulatedWorld world, OrganizationSeedSet seed)
    {
        var ops = seed.Organization.Ops;
        for (var e = 0; e < seed.Organization.Environments.Count; e++)
        {
            var account = new SimAccount(seed.Organization.Environments[e]);
            world.Accounts.Add(account);
            foreach (var concern in seed.Fleet.Clusters)
            {
                var services = seed.Fleet.Services.Where(s => s.Cluster == concern && s.Environments.ContainsKey(account.Environment.Name)).ToList();
                if (services.Count == 0)
                {
                    continue;
                }

                var clusterName = $"{account.Environment.Name}-{concern}";
                var cluster = new SimCluster(clusterName, account.Arn($"cluster/{clusterName}"));
                account.Clusters.Add(cluster);
                foreach (var serviceSeed in services)
                {
                    cluster.Services.Add(BuildService(world, account, cluster, serviceSeed, ops, e));
                }
            }
        }

        foreach (var buildSeed in seed.Builds)
        {
            var image = ImageOf(ops, buildSeed.Service, buildSeed.Tag);
            var build = new SimBuild(buildSeed, image, world.Start.AddMinutes(-buildSeed.MinutesAgo));
            world.Builds.Add(build);
            if (buildSeed.AutoDeploy is { } autoDeploy)
            {
                var service = world.Services.First(s => s.Name == buildSeed.Service && s.Account.Environment.Name == autoDeploy.Environment);
                world.Schedule(world.Start.AddMinutes(autoDeploy.AfterMinutes / world.Speed), () => world.DeployBuild(service, build));
            }
        }
    }

    private static SimService BuildService(SimulatedWorld world, SimAccount account, SimCluster cluster, ServiceSeed seed, AccountSeed ops, int environmentIndex)
    {
        var placement = seed.Environments[account.Environment.Name];
        var begin = world.Now;
        var history = RegisterHistory(world, account, seed, ops, begin);
        var running = history[placement.Revision - 1];
        var deployedAt = Earlier(running.RegisteredAt.AddHours(3 + (6 * environmentIndex)), begin.AddMinutes(-45));
        var service = new SimService
        {
            Name = seed.Name,
            Arn = account.Arn($"service/{cluster.Name}/{seed.Name}"),
            Cluster = cluster,
            Account = account,
            TargetGroupArn = TargetGroupArn(account, seed.Name),
            Port = seed.Port,
            CpuPercent = placement.Cpu ?? seed.Profile.Cpu,
            MemoryPercent = placement.Memory ?? seed.Profile.Memory,
            FlatLoad = seed.Profile.Flat || placement.Cpu is not null || placement.Memory is not null,
            Day = world.Day,
            Tags = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(seed.Tags) { ["repository"] = seed.Repository }),
            LaunchType = seed.LaunchType,
            CreatedAt = history[0].RegisteredAt.AddHours(1),
            DesiredCount = placement.Desired,
        };
        RecordEarlierDeployments(world, service, history, placement.Revision);
        var current = world.StartDeployment(service, running, deployedAt);
        SettleAsCompleted(world, service, current, deployedAt, begin);
        AddAlarms(account, service, begin, world.AlarmEvaluationPeriods);
        StartScenario(world, service, history, placement, begin);
        ScheduleTaskStop(world, service);
        return service;
    }

    private static List<SimTaskDefinition> RegisterHistory(SimulatedWorld world, SimAccount account, ServiceSeed seed, AccountSeed ops, DateTimeOffset begin)
    {
        var count = seed.History.Count;
        return Enumerable.Range(1, count)
            .Select(revision =>
            {
                var registeredAt = begin - (RevisionInterval * (count - revision)) - TimeSpan.FromHours(4 + (StableHash.Unit(seed.Name, revision) * 20));
                var image = ImageOf(ops, seed.Name, WorldRandom.CommitTag(seed.Name, revision));
                return world.RegisterTaskDefinition(account, SeedTaskDefinitions.For(seed, account, image), SeedTaskDefinitions.TagsFor(seed),
                    SimulatedWorld.CiPrincipal(account), registeredAt);
            })
            .ToList();
    }

    /// <summary>The two revisions before the running one were deployed and completed, as ListServiceDeployments shows.</summary>
    private static void RecordEarlierDeployments(SimulatedWorld world, SimService service, List<SimTaskDefinition> history, int revision)
    {
        foreach (var earlier in history.Skip(Math.Max(0, revision - 3)).Take(Math.Min(2, revision - 1)))
        {
            var at = earlier.RegisteredAt.AddHours(2);
            service.ServiceDeployments.Insert(0, new SimServiceDeploymentRecord
            {
                Arn = world.Random.NextServiceDeploymentArn(service),
                TargetServiceRevisionArn = world.Random.NextServiceRevisionArn(service),
                SourceServiceRevisionArns = service.ServiceDeployments.Take(1).Select(r => r.TargetServiceRevisionArn).ToList(),
                CreatedAt = at,
                FinishedAt = at.AddMinutes(4),
                Status = "SUCCESSFUL",
                RequestedTaskCount = service.DesiredCount,
            });
        }
    }

    /// <summary>The running deployment completed long ago: its tasks are healthy and its events tell the story.</summary>
    private static void SettleAsCompleted(SimulatedWorld world, SimService service, SimDeployment deployment, DateTimeOffset deployedAt, DateTimeOffset begin)
    {
        deployment.RolloutState = "COMPLETED";
        deployment.RolloutStateReason = "ECS deployment " + deployment.Id + " completed.";
        deployment.Record.Status = "SUCCESSFUL";
        deployment.Record.FinishedAt = deployedAt.AddMinutes(3);
        deployment.UpdatedAt = deployedAt.AddMinutes(3);
        var taskIds = new List<string>();
        for (var i = 0; i < service.DesiredCount; i++)
        {
            var task = new SimTask(world.Random.NextTaskId(), DateTimeOffset.MaxValue)
            {
                State = SimTaskState.Running,
                Healthy = true,
                TaskDefinition = deployment.TaskDefinition,
                CreatedAt = deployedAt,
                StartedAt = deployedAt.AddSeconds(20),
            };
            deployment.Tasks.Add(task);
            taskIds.Add(task.Id);
        }

        var story = new List<(DateTimeOffset At, string Message)>();
        if (taskIds.Count > 0)
        {
            story.Add((deployedAt, EcsEventMessages.TasksStarted(service.Name, taskIds)));
            story.Add((deployedAt.AddSeconds(50), EcsEventMessages.TargetsRegistered(service.Name, taskIds.Count, service.TargetGroupArn)));
        }

        story.Add((deployedAt.AddMinutes(3), EcsEventMessages.DeploymentCompleted(service.Name, deployment.Id)));
        for (var at = deployedAt.AddMinutes(4); at < begin; at = at.AddHours(6))
        {
            story.Add((at, EcsEventMessages.SteadyState(service.Name)));
            service.NextSteadyStateEventAt = at.AddHours(6);
        }

        foreach (var (at, message) in story.TakeLast(Cloud.Ecs.EcsLimits.ServiceEventsKept))
        {
            service.Events.Insert(0, new(world.Random.NextEventId(), at, message));
        }

        service.SteadyStateAnnounced = true;
    }

    private static void AddAlarms(SimAccount account, SimService service, DateTimeOffset begin, int evaluationPeriods)
    {
        if (service.DesiredCount == 0)
        {
            return;
        }

        var prefix = $"{account.Environment.Name}-{service.Name}";
        SimAlarm Alarm(string suffix, string metric, double threshold) => new()
        {
            Name = $"{prefix}-{suffix}",
            Arn = $"arn:aws:cloudwatch:{account.Region}:{account.AccountId}:alarm:{prefix}-{suffix}",
            Service = service,
            MetricName = metric,
            Threshold = threshold,
            EvaluationPeriods = evaluationPeriods,
        };

        var alarms = new[] { Alarm("cpu-critical", MetricModel.Cpu, 90), Alarm("memory-warning", MetricModel.Memory, 80) };
        foreach (var alarm in alarms)
        {
            AlarmEvaluator.Evaluate(alarm, begin);
            account.Alarms.Add(alarm);
        }
    }

    private static void StartScenario(SimulatedWorld world, SimService service, List<SimTaskDefinition> history, PlacementSeed placement, DateTimeOffset begin)
    {
        var next = placement.Revision < history.Count ? history[placement.Revision] : null;
        switch (placement.Scenario)
        {
            case "rollout" when next is not null:
                // Starts just before the clock's start, so a rollout is under way when the portal first looks.
                world.Schedule(world.Start.AddSeconds(-40), () => world.StartDeployment(service, next, world.Now));
                break;
            case "placement-stuck" when next is not null:
                world.Schedule(begin.AddMinutes(10), () => world.StartDeployment(service, next, world.Now).CannotPlaceOne = true);
                break;
        }
    }

    /// <summary>
    /// About one service in five had a task stop on its own during the warm-up (a crash, an OOM kill, a Spot
    /// interruption, a failed target health check), so the portal starts with the stopped tasks ECS still remembers.
    /// ECS starts a replacement, as it would.
    /// </summary>
    private static void ScheduleTaskStop(SimulatedWorld world, SimService service)
    {
        var key = service.Account.Environment.Name + "/" + service.Name;
        if (service.DesiredCount == 0 || StableHash.Unit(key, 41) >= 0.2)
        {
            return;
        }

        var at = world.Start - SimulatedWorld.WarmUp + TimeSpan.FromMinutes(2 + (StableHash.Unit(key, 43) * 25));
        var kind = (int)(StableHash.Unit(key, 47) * 4);
        world.Schedule(at, () => world.StopTask(service, kind switch
        {
            0 => TaskStops.OutOfMemory(world.Now),
            1 => TaskStops.EssentialContainerExited(world.Now),
            2 => TaskStops.SpotInterruption(world.Now),
            _ => TaskStops.FailedElbHealthChecks(world.Now, service.TargetGroupArn),
        }));
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string ImageOf(AccountSeed ops, string repository, string tag) =>
        $"{ops.AccountId}.dkr.ecr.{ops.Region}.amazonaws.com/{repository}:{tag}";

    private static string TargetGroupArn(SimAccount account, string service)
    {
        var name = $"{account.Environment.Name}-{service}";
        name = name.Length > 32 ? name[..32] : name;
        var id = StableHash.Of(account.AccountId + service, 7).ToString("x16", CultureInfo.InvariantCulture);
        return $"arn:aws:elasticloadbalancing:{account.Region}:{account.AccountId}:targetgroup/{name}/{id}";
    }
}
