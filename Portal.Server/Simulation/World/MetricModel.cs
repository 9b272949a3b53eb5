namespace Portal.Server.Simulation.World;

/// <summary>
/// CPU and memory utilisation of a simulated service at any minute: the service's profile, a daily
/// rhythm, the CPU appetite of the build it runs, and noise. A pure function of the service and the
/// time on the simulated day (<see cref="SimulatedDay"/>), so the world needs no metric history and
/// every run of the same seed sees the same values, whatever hour the host's clock shows.
/// </summary>
internal static class MetricModel
{
    public const string Cpu = "CPUUtilization";
    public const string Memory = "MemoryUtilization";

    public static double Value(SimService service, string metricName, DateTimeOffset at)
    {
        var isCpu = metricName == Cpu;
        var level = isCpu ? service.CpuPercent * CpuFactorAt(service, at) : service.MemoryPercent;
        var rhythm = service.FlatLoad ? 1 : 1 + (isCpu ? 0.15 : 0.05) * Math.Sin(2 * Math.PI * ((service.Day.HourAt(at) - 9) / 24));
        var noise = (service.Day.NoiseAt(service.Arn + metricName, at) - 0.5) * (isCpu ? 0.08 : 0.03);
        return Math.Round(Math.Clamp(level * rhythm * (1 + noise), 0, 100), 2);
    }

    private static double CpuFactorAt(SimService service, DateTimeOffset at)
    {
        var factor = 1.0;
        foreach (var (from, value) in service.CpuFactorHistory)
        {
            if (from > at)
            {
                break;
            }

            factor = value;
        }

        return factor;
    }
}
