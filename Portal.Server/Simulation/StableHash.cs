namespace Portal.Server.Simulation;

/// <summary>
/// A hash that is the same in every process (string.GetHashCode is randomised per process), so
/// metric noise derived from it is part of the deterministic world.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text, long salt)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        var hash = offset ^ (ulong)salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * prime;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }

    /// <summary>A number in [0, 1) determined by the text and the salt.</summary>
    public static double Unit(string text, long salt) => (Of(text, salt) >> 11) * (1.0 / (1UL << 53));
}
