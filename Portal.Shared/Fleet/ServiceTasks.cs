using System.Globalization;

namespace Portal.Shared.Fleet;

/// <summary>
/// A service's tasks as the poller last read them (ListTasks and DescribeTasks): the running ones (desired RUNNING,
/// pending included) and the stopped ones ECS still remembers (about an hour). <see cref="ReadAt"/> is null when
/// they were never read. <see cref="Due"/> says the service changed since they were read and the refresh that saw
/// it had no room left to read them: the next one does.
/// </summary>
public sealed record ServiceTasks(IReadOnlyList<TaskRecord> Running, IReadOnlyList<TaskRecord> Stopped, DateTimeOffset? ReadAt)
{
    public static ServiceTasks None { get; } = new([], [], null);

    public bool Due { get; init; }
}

/// <summary>One task: what DescribeTasks tells about it, with each container's exit code, reason and health.</summary>
public sealed record TaskRecord(
    string Arn,
    string TaskDefinitionArn,
    string LastStatus,
    string DesiredStatus,
    string? HealthStatus,
    string? LaunchType,
    string? AvailabilityZone,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string? StopCode,
    string? StoppedReason,
    IReadOnlyList<TaskContainerState> Containers)
{
    /// <summary>"arn:aws:ecs:eu-west-1:1:task/cluster/0123abcd" → "0123abcd".</summary>
    public string Id => Arn[(Arn.LastIndexOf('/') + 1)..];

    public int Revision => TaskDefinitionArns.Revision(TaskDefinitionArn);

    /// <summary>The container that ended the task: the first with a non-zero exit code, else the first with a reason.</summary>
    public TaskContainerState? Culprit =>
        Containers.FirstOrDefault(c => c.ExitCode is { } code && code != 0) ?? Containers.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Reason));

    /// <summary>
    /// Why the task stopped, in one line: the culprit container's reason when it has one (an OOM kill says so there,
    /// the task only says an essential container exited), else the task's stopped reason; with the culprit's exit code.
    /// "OutOfMemoryError: Container killed due to memory usage, exit 137", "Essential container in task exited, exit 1".
    /// </summary>
    public string StopSummary
    {
        get
        {
            var culprit = Culprit;
            var reason = !string.IsNullOrWhiteSpace(culprit?.Reason) ? culprit.Reason.Trim() : StoppedReason?.Trim();
            if (string.IsNullOrEmpty(reason))
            {
                reason = StopCode ?? "Stopped";
            }

            return culprit?.ExitCode is { } code && code != 0
                ? string.Create(CultureInfo.InvariantCulture, $"{reason}, exit {code}")
                : reason;
        }
    }

    /// <summary>
    /// False for the stops a healthy service goes through: someone stopping a task, and the scheduler stopping one for a
    /// deployment or a scale-in ("Scaling activity initiated by (deployment ...)"). Everything else (an essential
    /// container exiting, an OOM kill, failed health checks, a Spot interruption) is a stop someone on call asks about.
    /// </summary>
    public bool IsUnexpectedStop =>
        StopCode != "UserInitiated"
        && !(StopCode == "ServiceSchedulerInitiated" && (StoppedReason ?? string.Empty).StartsWith("Scaling activity", StringComparison.Ordinal));

    /// <summary>Containers whose health check reports UNHEALTHY.</summary>
    public IEnumerable<TaskContainerState> UnhealthyContainers => Containers.Where(c => c.HealthStatus == "UNHEALTHY");
}

public sealed record TaskContainerState(string Name, int? ExitCode, string? Reason, string? HealthStatus);

/// <summary>Where a container's logs go with the awslogs driver (its logConfiguration options in the task definition).</summary>
public sealed record ContainerLogSettings(string Container, string Group, string Region, string? StreamPrefix);
