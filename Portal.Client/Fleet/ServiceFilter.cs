using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Client.Fleet;

/// <summary>The environment page's filters: free text, cluster and health level.</summary>
public static class ServiceFilter
{
    public static IEnumerable<ServiceView> Apply(IEnumerable<ServiceView> services, string? text, string? cluster, string? health)
    {
        var query = services;
        if (!string.IsNullOrWhiteSpace(cluster))
        {
            query = query.Where(s => string.Equals(s.Service.Cluster, cluster, StringComparison.Ordinal));
        }

        if (ParseLevel(health) is { } level)
        {
            query = query.Where(s => s.Health.Level == level);
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = text.Trim();
            query = query.Where(s =>
                s.Service.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                || s.Service.TaskDefinition.ImageTag.Contains(term, StringComparison.OrdinalIgnoreCase)
                || s.Health.Reasons.Any(r => r.Text.Contains(term, StringComparison.OrdinalIgnoreCase)));
        }

        return query;
    }

    /// <summary>A health level named in the address ("critical", "Warning"); numbers and other words are no filter.</summary>
    public static HealthLevel? ParseLevel(string? health) =>
        Enum.GetValues<HealthLevel>().Select(level => (HealthLevel?)level)
            .FirstOrDefault(level => string.Equals(level.ToString(), health?.Trim(), StringComparison.OrdinalIgnoreCase));
}
