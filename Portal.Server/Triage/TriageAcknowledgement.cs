namespace Portal.Server.Triage;

/// <summary>The current acknowledgement of a service's alert: one per service, replaced by the next, gone once it is healthy.</summary>
public sealed class TriageAcknowledgement
{
    public required string Environment { get; set; }

    public required string Cluster { get; set; }

    public required string Service { get; set; }

    public required string By { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Note { get; set; }
}
