namespace Portal.Server.Simulation.World;

/// <summary>
/// The day the simulated organization lives through, counted on the simulated clock from the world's
/// start: the seed says which hour of the day the world starts at, so the same seed gives the same
/// load curves and the same incidents whether the host starts it at 03:00 or at noon. Metric noise is
/// drawn from the world's random seed and the minutes since the start, not from the wall clock.
/// </summary>
internal sealed class SimulatedDay(DateTimeOffset start, double startHour, int randomSeed)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Hour of the simulated day at <paramref name="at"/>, in [0, 24).</summary>
    public double HourAt(DateTimeOffset at)
    {
        var hours = (startHour + (at - start).TotalHours) % Day.TotalHours;
        return hours < 0 ? hours + Day.TotalHours : hours;
    }

    /// <summary>Which minute since the world's start <paramref name="at"/> falls in (negative before it).</summary>
    public long MinuteAt(DateTimeOffset at) => (long)Math.Floor((at - start).TotalMinutes);

    /// <summary>A number in [0, 1) for a series and a minute: the same for the same seed and the same minute of the world.</summary>
    public double NoiseAt(string series, DateTimeOffset at) => StableHash.Unit($"{randomSeed}|{series}", MinuteAt(at));
}
