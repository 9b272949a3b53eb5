namespace Portal.Client.Components;

/// <summary>The portal's shareable addresses, built in one place.</summary>
public static class Links
{
    public static string Environment(string environment) => $"environments/{Uri.EscapeDataString(environment)}";

    public static string Service(string environment, string cluster, string service) =>
        $"environments/{Uri.EscapeDataString(environment)}/clusters/{Uri.EscapeDataString(cluster)}/services/{Uri.EscapeDataString(service)}";
}
