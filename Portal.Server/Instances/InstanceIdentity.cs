namespace Portal.Server.Instances;

/// <summary>This process among the portal's instances: its name in logs, in the shared states it writes and in PostgreSQL's session list.</summary>
public sealed class InstanceIdentity
{
    public InstanceIdentity()
    {
        // The process id alone repeats across hosts and the host name alone across restarts.
        var host = Environment.MachineName.Length > 40 ? Environment.MachineName[..40] : Environment.MachineName;
        Name = $"{host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    }

    public string Name { get; }
}
