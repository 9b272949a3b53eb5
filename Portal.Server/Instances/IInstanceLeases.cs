namespace Portal.Server.Instances;

/// <summary>
/// Which scheduled work this instance does: for each lease key, one instance at a time holds it.
/// Work that reads AWS on a schedule, or writes what it read, asks before each round.
/// </summary>
public interface IInstanceLeases
{
    /// <summary>Whether this instance holds the lease now (and may trust it until its next renewal is due).</summary>
    bool Holds(string key);

    /// <summary>The keys this instance holds now, for the readiness report and logs.</summary>
    IReadOnlyCollection<string> Held { get; }

    /// <summary>Raised with the key when this instance takes a lease, so its work starts without waiting for its next tick.</summary>
    event Action<string>? Taken;
}

/// <summary>One instance (SQLite): it holds every lease, and nothing changes for it.</summary>
public sealed class SoleInstanceLeases : IInstanceLeases
{
    public static SoleInstanceLeases Instance { get; } = new();

    public bool Holds(string key) => true;

    public IReadOnlyCollection<string> Held { get; } = ["*"];

    /// <summary>Never raised: every lease is held from the start.</summary>
    public event Action<string>? Taken
    {
        add { }
        remove { }
    }
}
