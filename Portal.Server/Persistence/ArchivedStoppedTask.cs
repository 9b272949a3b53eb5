namespace Portal.Server.Persistence;

/// <summary>
/// A stopped task as DescribeTasks last described it, kept after ECS forgets it (about an hour after it stops).
/// Its ARN makes it unique per environment, so seeing it again adds nothing. <see cref="Containers"/> holds each
/// container's name, exit code, reason and health as JSON (<see cref="History.StoppedTaskArchive"/>).
/// </summary>
public sealed class ArchivedStoppedTask
{
    public long Id { get; set; }

    public required string Environment { get; set; }

    public required string Cluster { get; set; }

    public required string Service { get; set; }

    public required string TaskArn { get; set; }

    public required string TaskDefinitionArn { get; set; }

    public string? LaunchType { get; set; }

    public string? AvailabilityZone { get; set; }

    public string? HealthStatus { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset StoppedAt { get; set; }

    public string? StopCode { get; set; }

    public string? StoppedReason { get; set; }

    /// <summary>Why it stopped in one line, with the exit code (<see cref="Shared.Fleet.TaskRecord.StopSummary"/>).</summary>
    public required string Summary { get; set; }

    /// <summary>Whether the stop is one someone on call asks about (<see cref="Shared.Fleet.TaskRecord.IsUnexpectedStop"/>).</summary>
    public bool Unexpected { get; set; }

    public required string Containers { get; set; }
}
