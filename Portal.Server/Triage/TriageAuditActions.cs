namespace Portal.Server.Triage;

/// <summary>The audit trail's words for what happens on the triage page.</summary>
public static class TriageAuditActions
{
    public const string AlertAcknowledged = "alert-acknowledged";
}
