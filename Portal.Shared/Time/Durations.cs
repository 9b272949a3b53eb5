using System.Globalization;

namespace Portal.Shared.Time;

/// <summary>Short, human readings of durations for cards and tooltips: "45 s", "7 min", "3 h 5 min", "2 d 4 h".</summary>
public static class Durations
{
    /// <summary>Below this, <see cref="Ago"/> says "just now".</summary>
    public static readonly TimeSpan JustNow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The duration in its two largest units, each rounded down: "45 s" under a minute, "7 min" under an hour,
    /// "3 h 5 min" (or "3 h") under a day, "2 d 4 h" (or "2 d") beyond. Negative durations read as "0 s".
    /// </summary>
    public static string Humanize(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return Format($"{duration.Seconds} s");
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return Format($"{(int)duration.TotalMinutes} min");
        }

        if (duration < TimeSpan.FromDays(1))
        {
            return duration.Minutes == 0
                ? Format($"{duration.Hours} h")
                : Format($"{duration.Hours} h {duration.Minutes} min");
        }

        var days = (int)duration.TotalDays;
        return duration.Hours == 0 ? Format($"{days} d") : Format($"{days} d {duration.Hours} h");
    }

    /// <summary>
    /// How long before <paramref name="now"/> <paramref name="then"/> was: "12 min ago", or "just now" when that is
    /// under ten seconds (or <paramref name="then"/> is later than <paramref name="now"/>, as clock skew makes it).
    /// </summary>
    public static string Ago(DateTimeOffset then, DateTimeOffset now)
    {
        var elapsed = now - then;
        return elapsed < JustNow ? "just now" : Humanize(elapsed) + " ago";
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
