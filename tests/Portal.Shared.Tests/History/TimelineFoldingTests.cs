using Portal.Shared.History;

namespace Portal.Shared.Tests.History;

public class TimelineFoldingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Repeats_of_a_service_fold_into_the_row_of_the_newest_and_other_services_keep_their_place()
    {
        List<TimelineItem> rows =
        [
            Event("recommendations", 5, "PlacementFailure"),
            Event("orders-api", 4, "SteadyState"),
            Event("recommendations", 3, "PlacementFailure"),
            Event("recommendations", 2, "PlacementFailure"),
        ];

        var folded = TimelineFolding.Fold(rows);

        Assert.Equal(2, folded.Count);
        var fold = folded[0].Fold!;
        Assert.Equal(3, fold.Count);
        Assert.Equal(Start.AddMinutes(2), fold.First);
        Assert.Equal(Start.AddMinutes(5), fold.Last);
        Assert.Equal(rows[0].Key, folded[0].Key);
        Assert.Equal("orders-api", folded[1].Service);
    }

    [Fact]
    public void Another_row_of_the_same_service_ends_a_run()
    {
        List<TimelineItem> rows =
        [
            Event("recommendations", 5, "PlacementFailure"),
            Event("recommendations", 4, "DeploymentCompleted"),
            Event("recommendations", 3, "PlacementFailure"),
        ];

        Assert.All(TimelineFolding.Fold(rows), r => Assert.Null(r.Fold));
    }

    [Fact]
    public void Messages_of_no_known_class_repeat_when_they_differ_only_in_ids_and_numbers()
    {
        List<TimelineItem> rows =
        [
            Event("a", 3, "Other", "(service a) task 9f8e7d6c5b4a retried 3 times"),
            Event("a", 2, "Other", "(service a) task 1a2b3c4d5e6f retried 2 times"),
            Event("a", 1, "Other", "(service a) is throttled by something new"),
        ];

        var folded = TimelineFolding.Fold(rows);

        Assert.Equal([2, 1], folded.Select(r => r.Fold?.Count ?? 1));
    }

    [Fact]
    public void Appending_a_page_continues_the_fold_the_last_page_ended_in()
    {
        var all = Enumerable.Range(0, 10).Select(i => Event("recommendations", 100 - i, "PlacementFailure")).ToList();

        var shown = TimelineFolding.Append(TimelineFolding.Fold(all[..4]), TimelineFolding.Fold(all[4..]));

        var row = Assert.Single(shown);
        Assert.Equal(10, row.Fold!.Count);
        Assert.Equal(all.Select(i => i.Key), row.Fold.Members.Select(m => m.Key));
    }

    private static TimelineItem Event(string service, int minute, string eventClass, string? message = null)
    {
        var text = message ?? $"(service {service}) {eventClass}";
        return new TimelineItem(
            TimelineKind.Event, minute.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), Start.AddMinutes(minute), "prod", "prod-api", service,
            TimelineItem.EventSource, text, null, new TimelineEvent("e" + minute, eventClass, text));
    }
}
