using System.Globalization;

namespace Portal.Server.Simulation.World;

/// <summary>The task sizes Fargate offers (Linux): for each task CPU value, the memory values (MiB) it may have.</summary>
internal static class FargateSizes
{
    private static readonly Dictionary<int, (int From, int To, int Step)> MemoryByCpu = new()
    {
        [256] = (512, 2048, 512),
        [512] = (1024, 4096, 1024),
        [1024] = (2048, 8192, 1024),
        [2048] = (4096, 16384, 1024),
        [4096] = (8192, 30720, 1024),
        [8192] = (16384, 61440, 4096),
        [16384] = (32768, 122880, 8192),
    };

    public static bool IsValid(string? cpu, string? memory)
    {
        if (!int.TryParse(cpu, NumberStyles.None, CultureInfo.InvariantCulture, out var units)
            || !int.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out var mebibytes)
            || !MemoryByCpu.TryGetValue(units, out var range))
        {
            return false;
        }

        // 256 CPU offers 512, 1024 and 2048, not 1536: its steps double.
        return units == 256
            ? mebibytes is 512 or 1024 or 2048
            : mebibytes >= range.From && mebibytes <= range.To && (mebibytes - range.From) % range.Step == 0;
    }
}
