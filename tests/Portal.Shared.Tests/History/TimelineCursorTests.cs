using Portal.Shared.History;

namespace Portal.Shared.Tests.History;

public class TimelineCursorTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("12.9.abc")]
    [InlineData("-5.0.abc")]
    [InlineData("12.0.")]
    [InlineData("99999999999999999999.0.abc")]
    public void Anything_but_a_cursor_is_refused(string? text) => Assert.False(TimelineCursor.TryParse(text, out _));

    [Fact]
    public void A_cursor_survives_its_text()
    {
        var cursor = TimelineCursor.Of(Event(42, At));

        Assert.True(TimelineCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
    }

    [Fact]
    public void Newest_first_then_events_before_deploys_then_key_descending()
    {
        var items = new[]
        {
            Deploy("aaa", At),
            Event(1, At),
            Event(2, At),
            Deploy("bbb", At),
            Event(3, At.AddSeconds(1)),
            Deploy("ccc", At.AddSeconds(-1)),
        }.ToList();

        items.Sort(TimelineCursor.Order);

        Assert.Equal(["0000000000000000003", "0000000000000000002", "0000000000000000001", "bbb", "aaa", "ccc"], items.Select(i => i.Key));
        Assert.All(items.Skip(3), later => Assert.True(TimelineCursor.Of(items[2]).Precedes(later)));
        Assert.All(items.Take(3), earlier => Assert.False(TimelineCursor.Of(items[2]).Precedes(earlier)));
    }

    [Fact]
    public void At_one_instant_deploys_outside_the_portal_come_before_events_and_their_cursor_survives_its_text()
    {
        var items = new[] { Deploy("aaa", At), Event(1, At), Outside(7, At), Outside(8, At.AddSeconds(-1)) }.ToList();

        items.Sort(TimelineCursor.Order);

        Assert.Equal([TimelineKind.EcsDeployment, TimelineKind.Event, TimelineKind.Deploy, TimelineKind.EcsDeployment], items.Select(i => i.Kind));
        var cursor = TimelineCursor.Of(items[0]);
        Assert.Equal(TimelineCursor.EcsDeploymentRank, cursor.Rank);
        Assert.True(TimelineCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.All(items.Skip(1), later => Assert.True(cursor.Precedes(later)));
    }

    [Fact]
    public void At_one_instant_alarm_changes_come_first_and_a_cursor_on_one_keeps_the_rest_of_that_instant()
    {
        var items = new[] { Deploy("aaa", At), Event(1, At), Outside(7, At), Alarm(3, At), Alarm(4, At) }.ToList();

        items.Sort(TimelineCursor.Order);

        Assert.Equal([TimelineKind.Alarm, TimelineKind.Alarm, TimelineKind.EcsDeployment, TimelineKind.Event, TimelineKind.Deploy], items.Select(i => i.Kind));
        var cursor = TimelineCursor.Of(items[0]);
        Assert.Equal(TimelineCursor.AlarmRank, cursor.Rank);
        Assert.True(TimelineCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.All(items.Skip(1), later => Assert.True(cursor.Precedes(later)));
    }

    private static TimelineItem Alarm(long id, DateTimeOffset at) => new(
        TimelineKind.Alarm, id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), at, "prod", "c", "s", TimelineItem.AlarmSource, "a", null, null,
        Alarm: new TimelineAlarm("cpu", "ALARM", "Critical", "CPUUtilization", 90, null));

    private static TimelineItem Outside(long id, DateTimeOffset at) => new(
        TimelineKind.EcsDeployment, id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), at, "prod", "c", "s", TimelineItem.EventSource, "o", null, null,
        new TimelineEcsDeployment("arn", "SUCCESSFUL", null, at, at, at, null, null, [], null, null, new TimelineLinks("s", "e", "m")));

    private static TimelineItem Event(long id, DateTimeOffset at) => new(
        TimelineKind.Event, id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), at, "prod", "c", "s", TimelineItem.EventSource, "m", null,
        new TimelineEvent("e", "Other", "m"));

    private static TimelineItem Deploy(string key, DateTimeOffset at) => new(TimelineKind.Deploy, key, at, "prod", "c", "s", "ui", "d", null, null);
}
