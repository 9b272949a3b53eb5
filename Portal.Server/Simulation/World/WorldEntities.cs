using System.Text.Json.Nodes;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Simulation.Seed;

namespace Portal.Server.Simulation.World;

// The mutable state of the simulated organization. Only SimulatedWorld touches it, under its lock.

internal sealed class SimAccount(EnvironmentSeed environment)
{
    public EnvironmentSeed Environment { get; } = environment;

    public string AccountId => Environment.AccountId;

    public string Region => Environment.Region;

    public List<SimCluster> Clusters { get; } = [];

    public Dictionary<string, List<SimTaskDefinition>> TaskDefinitions { get; } = new(StringComparer.Ordinal);

    public List<SimAlarm> Alarms { get; } = [];

    public string Arn(string resource) => $"arn:aws:ecs:{Region}:{AccountId}:{resource}";
}

internal sealed class SimCluster(string name, string arn)
{
    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public List<SimService> Services { get; } = [];
}

/// <summary>A registered revision: the definition as it was registered (RegisterTaskDefinition's input members), and what ECS added.</summary>
internal sealed class SimTaskDefinition
{
    public required string Arn { get; init; }

    public required string Family { get; init; }

    public required int Revision { get; init; }

    /// <summary>The registered members (family, containerDefinitions, roles, ...); never changed after registration.</summary>
    public required JsonObject Definition { get; init; }

    public required IReadOnlyList<EcsTag> Tags { get; init; }

    /// <summary>The launch types the definition validated against.</summary>
    public required IReadOnlyList<string> Compatibilities { get; init; }

    public required string RegisteredBy { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public string Status { get; set; } = "ACTIVE";

    public bool Faulty { get; init; }

    public double CpuFactor { get; init; } = 1;

    /// <summary>The image of the service's own container: the one named like the family, else the first.</summary>
    public string Image
    {
        get
        {
            var containers = (Definition["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var own = containers.FirstOrDefault(c => c["name"]?.GetValue<string>() == Family) ?? containers.FirstOrDefault();
            return own?["image"]?.GetValue<string>() ?? string.Empty;
        }
    }

    public string? Cpu => Definition["cpu"]?.GetValue<string>();

    public string? Memory => Definition["memory"]?.GetValue<string>();
}

internal enum SimTaskState
{
    Pending,
    Running,
    Draining,
    Stopped,
}

internal sealed class SimTask(string id, DateTimeOffset nextAt)
{
    public string Id { get; } = id;

    /// <summary>The revision the task runs (null only for tasks made before the simulation kept it).</summary>
    public SimTaskDefinition? TaskDefinition { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the task began running (and was registered with the target group).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Why and when the task stopped, and how its own container ended, once it has (<see cref="TaskStops"/>).</summary>
    public SimTaskStop? Stop { get; set; }

    public SimTaskState State { get; set; } = SimTaskState.Pending;

    public bool Healthy { get; set; }

    /// <summary>When the task's current phase ends (started, health checked, drained).</summary>
    public DateTimeOffset NextAt { get; set; } = nextAt;

    public bool IsLive => State is SimTaskState.Pending or SimTaskState.Running;
}

internal sealed class SimDeployment
{
    public required string Id { get; init; }

    public required SimTaskDefinition TaskDefinition { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required SimServiceDeploymentRecord Record { get; init; }

    public string Status { get; set; } = "PRIMARY";

    public int DesiredCount { get; set; }

    public List<SimTask> Tasks { get; } = [];

    public int FailedTasks { get; set; }

    public string RolloutState { get; set; } = "IN_PROGRESS";

    public string? RolloutStateReason { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The placement-stuck scenario: one task never finds a container instance.</summary>
    public bool CannotPlaceOne { get; set; }

    public DateTimeOffset NextPlacementEventAt { get; set; }

    public int Running => Tasks.Count(t => t.State is SimTaskState.Running or SimTaskState.Draining);

    public int Pending => Tasks.Count(t => t.State == SimTaskState.Pending);

    public int Healthy => Tasks.Count(t => t.State == SimTaskState.Running && t.Healthy);

    public int Live => Tasks.Count(t => t.IsLive);
}

/// <summary>A service deployment as ListServiceDeployments and DescribeServiceDeployments report it.</summary>
internal sealed class SimServiceDeploymentRecord
{
    public required string Arn { get; init; }

    public required string TargetServiceRevisionArn { get; init; }

    public required IReadOnlyList<string> SourceServiceRevisionArns { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required int RequestedTaskCount { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string Status { get; set; } = "IN_PROGRESS";

    public string? StatusReason { get; set; }

    public int FailureCount { get; set; }

    public int Threshold { get; set; }

    public string? RollbackReason { get; set; }

    public DateTimeOffset? RollbackStartedAt { get; set; }

    public string? RollbackRevisionArn { get; set; }
}

internal sealed class SimService
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required SimCluster Cluster { get; init; }

    public required SimAccount Account { get; init; }

    public required string TargetGroupArn { get; init; }

    public required int Port { get; init; }

    public required double CpuPercent { get; init; }

    public required double MemoryPercent { get; init; }

    public required bool FlatLoad { get; init; }

    /// <summary>The simulated day the service's load follows.</summary>
    public required SimulatedDay Day { get; init; }

    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>FARGATE or EC2: the launch type every revision the service runs must be compatible with.</summary>
    public required string LaunchType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public int DesiredCount { get; set; }

    /// <summary>PRIMARY first, then ACTIVE ones, as DescribeServices returns them.</summary>
    public List<SimDeployment> Deployments { get; } = [];

    /// <summary>Newest first; ECS keeps only the newest 100.</summary>
    public List<EcsServiceEvent> Events { get; } = [];

    /// <summary>Newest first.</summary>
    public List<SimServiceDeploymentRecord> ServiceDeployments { get; } = [];

    /// <summary>Stopped tasks, newest first; ECS remembers them for about an hour.</summary>
    public List<SimTask> StoppedTasks { get; } = [];

    /// <summary>When each task definition's CPU factor began to apply, oldest first.</summary>
    public List<(DateTimeOffset From, double Factor)> CpuFactorHistory { get; } = [];

    public DateTimeOffset NextSteadyStateEventAt { get; set; }

    public bool SteadyStateAnnounced { get; set; }

    public SimDeployment Primary => Deployments[0];

    public bool IsSettled =>
        Deployments.Count == 1 && Primary.RolloutState == "COMPLETED" && Primary.Live == DesiredCount && Primary.Healthy == DesiredCount;
}

internal sealed class SimAlarm
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required SimService Service { get; init; }

    public required string MetricName { get; init; }

    public required double Threshold { get; init; }

    public int EvaluationPeriods { get; init; } = 3;

    public string State { get; set; } = "INSUFFICIENT_DATA";

    public string? StateReason { get; set; }

    public DateTimeOffset StateUpdatedAt { get; set; }
}

/// <summary>
/// How a task stopped: the task's stop code and reason, and its own container's exit code, reason and health, as
/// DescribeTasks reports them. Sidecars stop with it, exit 0.
/// </summary>
internal sealed record SimTaskStop(
    DateTimeOffset StoppedAt,
    string StopCode,
    string StoppedReason,
    int? ExitCode,
    string? ContainerReason,
    string? ContainerHealth);

/// <summary>A build CI has announced, waiting to be deployed.</summary>
internal sealed record SimBuild(BuildSeed Seed, string Image, DateTimeOffset BuiltAt);
