using System.Globalization;
using System.Text.RegularExpressions;

namespace Portal.Server.Access;

/// <summary>When a new token expires, from <c>--expires</c>: days (<c>90d</c>), hours (<c>12h</c>) or a UTC date (<c>2027-01-31</c>).</summary>
internal static partial class TokenExpiry
{
    public static readonly TimeSpan Default = TimeSpan.FromDays(90);

    /// <summary>A token that outlives the people who know about it is a liability; ten years is already generous.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>The moment a token created <paramref name="now"/> expires; a date means its first moment (00:00 UTC).</summary>
    /// <exception cref="TokenCommandException">The text is not understood, or the moment is not ahead, or too far ahead.</exception>
    public static DateTimeOffset Parse(string? text, DateTimeOffset now)
    {
        if (text is null)
        {
            return now + Default;
        }

        DateTimeOffset expires;
        if (Relative().Match(text) is { Success: true } relative)
        {
            if (!long.TryParse(relative.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || count > (long)Longest.TotalHours)
            {
                throw TooFar(text);
            }

            var span = relative.Groups["unit"].Value == "d" ? TimeSpan.FromDays(count) : TimeSpan.FromHours(count);
            expires = now + span;
        }
        else if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            expires = new DateTimeOffset(date.Date, TimeSpan.Zero);
        }
        else
        {
            throw new TokenCommandException(
                $"--expires {text} is not understood; give days (90d), hours (12h) or a date (2027-01-31, the token expires at its start, UTC).");
        }

        if (expires <= now)
        {
            throw new TokenCommandException($"--expires {text} is not in the future; a new token must expire later than now.");
        }

        return expires - now > Longest ? throw TooFar(text) : expires;
    }

    private static TokenCommandException TooFar(string text) =>
        new($"--expires {text} is too far ahead; a token may live at most {Longest.TotalDays:0} days.");

    [GeneratedRegex("^(?<count>[0-9]{1,9})(?<unit>[dh])$")]
    private static partial Regex Relative();
}
