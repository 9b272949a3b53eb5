using Portal.Shared.Time;

namespace Portal.Shared.Tests.Time;

public class DurationsTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(45, "45 s")]
    [InlineData(59.9, "59 s")]
    [InlineData(60, "1 min")]
    [InlineData(7 * 60 + 59, "7 min")]
    [InlineData(59 * 60 + 59, "59 min")]
    [InlineData(3600, "1 h")]
    [InlineData(3 * 3600 + 5 * 60 + 30, "3 h 5 min")]
    [InlineData(23 * 3600 + 59 * 60 + 59, "23 h 59 min")]
    [InlineData(86400, "1 d")]
    [InlineData(2 * 86400 + 4 * 3600 + 30 * 60, "2 d 4 h")]
    [InlineData(40 * 86400 + 30 * 60, "40 d")]
    [InlineData(-5, "0 s")]
    public void Humanize_gives_the_two_largest_units_rounded_down(double seconds, string expected) =>
        Assert.Equal(expected, Durations.Humanize(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(9.9, "just now")]
    [InlineData(10, "10 s ago")]
    [InlineData(12 * 60 + 30, "12 min ago")]
    [InlineData(3 * 3600 + 5 * 60, "3 h 5 min ago")]
    [InlineData(-120, "just now")]
    public void Ago_reads_the_time_before_now(double secondsBeforeNow, string expected)
    {
        var now = new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, Durations.Ago(now.AddSeconds(-secondsBeforeNow), now));
    }

    [Fact]
    public void Ago_compares_instants_not_clock_readings()
    {
        var now = new DateTimeOffset(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
        var thenInCentralEurope = new DateTimeOffset(2025, 6, 2, 13, 48, 0, TimeSpan.FromHours(2));

        Assert.Equal("12 min ago", Durations.Ago(thenInCentralEurope, now));
    }
}
