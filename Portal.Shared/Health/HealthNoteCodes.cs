namespace Portal.Shared.Health;

/// <summary>The stable codes of <see cref="HealthNote.Code"/>; the UI and the API may key on them.</summary>
public static class HealthNoteCodes
{
    /// <summary>The last refresh failed; the health shown is the last known one, younger than Polling:StaleAfter.</summary>
    public const string EcsDataStale = "ecs-data-stale";

    /// <summary>CloudWatch failed; the alarms and metrics shown are the last ones read, younger than Polling:StaleAfter.</summary>
    public const string CloudWatchDataStale = "cloudwatch-data-stale";

    /// <summary>CloudWatch data is older than Polling:StaleAfter (or was never read): alarms and metrics do not count.</summary>
    public const string CloudWatchDataUnavailable = "cloudwatch-data-unavailable";
}
