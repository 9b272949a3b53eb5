namespace Portal.Client.Fleet;

/// <summary>The names the environment page's filters carry in the address.</summary>
public static class ServiceFilters
{
    public const string Text = "q";
    public const string Cluster = "cluster";
    public const string Health = "health";
}
