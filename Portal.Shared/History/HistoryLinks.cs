using System.Globalization;

namespace Portal.Shared.History;

/// <summary>The history page's shareable addresses: filters live in the query string.</summary>
public static class HistoryLinks
{
    /// <summary>Events are shown from this long before a deploy was asked for…</summary>
    public static readonly TimeSpan Before = TimeSpan.FromMinutes(15);

    /// <summary>…to this long after it ended (or after it was asked for, while it runs).</summary>
    public static readonly TimeSpan After = TimeSpan.FromMinutes(30);

    public static string Service(string environment, string cluster, string service) =>
        $"environments/{Uri.EscapeDataString(environment)}/clusters/{Uri.EscapeDataString(cluster)}/services/{Uri.EscapeDataString(service)}";

    public static string Timeline(TimelineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parts = new List<string>();
        Add(parts, "environment", query.Environment);
        Add(parts, "cluster", query.Cluster);
        Add(parts, "service", query.Service);
        Add(parts, "actor", query.Actor);
        Add(parts, "source", query.Source);
        Add(parts, "outcome", query.Outcome);
        Add(parts, "kind", query.Kind?.ToString().ToLowerInvariant());
        Add(parts, "from", Format(query.From));
        Add(parts, "to", Format(query.To));
        return parts.Count == 0 ? "history" : "history?" + string.Join('&', parts);
    }

    /// <summary>The address of filters as written, even ones the parser refuses, so a link keeps what was typed.</summary>
    public static string Timeline(HistoryFilters filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var parts = new List<string>();
        Add(parts, "environment", filters.Environment?.Trim());
        Add(parts, "cluster", filters.Cluster?.Trim());
        Add(parts, "service", filters.Service?.Trim());
        Add(parts, "actor", filters.Actor?.Trim());
        Add(parts, "source", filters.Source?.Trim());
        Add(parts, "outcome", filters.Outcome?.Trim());
        Add(parts, "kind", filters.Kind?.Trim());
        Add(parts, "from", filters.From?.Trim());
        Add(parts, "to", filters.To?.Trim());
        return parts.Count == 0 ? "history" : "history?" + string.Join('&', parts);
    }

    /// <summary>A moment as the address carries it, which <see cref="HistoryFilterParser"/> reads back to the same moment.</summary>
    public static string? Format(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The links a deploy carries, around the time it ran.</summary>
    public static TimelineLinks ForDeployment(string environment, string cluster, string service, DateTimeOffset requestedAt, DateTimeOffset? finishedAt)
    {
        var from = requestedAt - Before;
        var to = (finishedAt ?? requestedAt) + After;
        var page = Service(environment, cluster, service);
        return new TimelineLinks(
            page,
            Timeline(new TimelineQuery { Environment = environment, Cluster = cluster, Service = service, From = from, To = to }),

            // The service page shows the metrics of the hours around now; there is no separate metrics page.
            page);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
