using Portal.Shared.Health;

namespace Portal.Shared.Triage;

/// <summary>The order the on-call reads items in: worst first, production first, then what nobody has taken yet.</summary>
public static class TriageOrder
{
    public static IReadOnlyList<TriageItem> Sort(IEnumerable<TriageItem> items) =>
        [.. items
            .Where(i => i.Level is HealthLevel.Critical or HealthLevel.Warning)
            .OrderByDescending(i => i.Level)
            .ThenByDescending(i => i.IsProtected)
            .ThenBy(i => i.Acknowledgement is not null)
            .ThenBy(i => i.Since ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.Environment, StringComparer.Ordinal)
            .ThenBy(i => i.Service, StringComparer.Ordinal)];
}
