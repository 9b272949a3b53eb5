namespace Portal.Shared.Triage;

/// <summary>Bound from configuration section "Triage".</summary>
public sealed class TriageOptions
{
    public const string Section = "Triage";

    /// <summary>How soon after a deploy a regression makes that deploy suspect.</summary>
    public TimeSpan SuspectWindow { get; set; } = SuspectRule.DefaultWindow;
}
