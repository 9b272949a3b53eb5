using Portal.Shared.Health;

namespace Portal.Client.Components;

/// <summary>The portal's shareable addresses, built in one place.</summary>
public static class Links
{
    public static string Environment(string environment) => $"environments/{Uri.EscapeDataString(environment)}";

    /// <summary>The environment's list filtered to one health level: what a count on the overview opens.</summary>
    public static string EnvironmentAt(string environment, HealthLevel level) =>
        $"{Environment(environment)}?health={level.ToString().ToLowerInvariant()}";

    public static string Service(string environment, string cluster, string service) =>
        $"environments/{Uri.EscapeDataString(environment)}/clusters/{Uri.EscapeDataString(cluster)}/services/{Uri.EscapeDataString(service)}";

    /// <summary>The tasks section of a service's page: where a reason about its tasks leads.</summary>
    public static string ServiceTasks(string environment, string cluster, string service) => Service(environment, cluster, service) + "#tasks";
}
