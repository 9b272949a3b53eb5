using Bunit;
using Portal.Client.Components;
using Portal.Shared.Fleet;
using static Portal.Client.Tests.Support.Dom;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Components;

public sealed class FreshnessNoteTests : BunitContext
{
    [Fact]
    public void Fresh_data_says_when_it_was_updated()
    {
        var cut = RenderNote(new EnvironmentFreshness(Now.AddMinutes(-3), Now.AddMinutes(-3), LastError: null, IsStale: false, CloudWatchFreshness.Fresh(Now.AddMinutes(-3))));

        var note = cut.Find("span.freshness");
        Assert.Equal("freshness fresh", note.ClassName);
        Assert.Equal("Updated 3 min ago", Normalize(note.TextContent));
        Assert.Equal("2025-06-02T11:57:00.0000000+00:00", note.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("2025-06-02 11:57:00 UTC", note.QuerySelector("time")!.GetAttribute("title"));
    }

    [Fact]
    public void Data_read_seconds_ago_reads_as_just_now()
    {
        var cut = RenderNote(new EnvironmentFreshness(Now.AddSeconds(-4), Now.AddSeconds(-4), LastError: null, IsStale: false, CloudWatchFreshness.Fresh(Now.AddSeconds(-4))));

        Assert.Equal("Updated just now", Normalize(cut.Find("span.freshness").TextContent));
    }

    [Fact]
    public void Stale_data_says_so_with_the_last_error()
    {
        var cut = RenderNote(Stale("ThrottlingException: Rate exceeded"));

        var note = cut.Find("span.freshness");
        Assert.Equal("freshness stale", note.ClassName);
        Assert.Equal("status", note.GetAttribute("role"));
        Assert.Equal("Stale: updated 20 min ago; last refresh failed: ThrottlingException: Rate exceeded", Normalize(note.TextContent));
    }

    [Fact]
    public void Stale_data_without_an_error_names_no_failure()
    {
        var cut = RenderNote(Stale(error: null));

        Assert.Equal("Stale: updated 20 min ago", Normalize(cut.Find("span.freshness.stale").TextContent));
    }

    [Fact]
    public void No_snapshot_yet_reads_as_loading()
    {
        var cut = RenderNote(NoSnapshot());

        var note = cut.Find("span.freshness");
        Assert.Equal("freshness loading", note.ClassName);
        Assert.Equal("Loading the first snapshot…", note.TextContent);
    }

    [Fact]
    public void A_failed_first_read_shows_its_error_as_an_alert()
    {
        var cut = RenderNote(NoSnapshot("AccessDenied: not authorized to perform ecs:ListClusters"));

        var note = cut.Find("span.freshness");
        Assert.Equal("freshness failed", note.ClassName);
        Assert.Equal("alert", note.GetAttribute("role"));
        Assert.Equal("No data yet: AccessDenied: not authorized to perform ecs:ListClusters", note.TextContent);
    }

    [Fact]
    public void Failing_CloudWatch_is_told_apart_from_fresh_ECS_data()
    {
        var cut = RenderNote(CloudWatchFailing("cloudwatch:GetMetricData failed: InternalFailure: Service unavailable", TimeSpan.FromMinutes(3)));

        var notes = cut.FindAll("span.freshness");
        Assert.Equal(["freshness fresh", "freshness stale cloudwatch"], notes.Select(n => n.ClassName));
        Assert.Equal("Updated 30 s ago", Normalize(notes[0].TextContent));
        Assert.Equal("CloudWatch data 3 min old: cloudwatch:GetMetricData failed: InternalFailure: Service unavailable", Normalize(notes[1].TextContent));
        Assert.Equal("status", notes[1].GetAttribute("role"));
        Assert.Equal("2025-06-02T11:57:00.0000000+00:00", notes[1].QuerySelector("time")!.GetAttribute("datetime"));
    }

    [Fact]
    public void CloudWatch_never_read_says_so_with_its_error()
    {
        var cut = RenderNote(CloudWatchFailing("cloudwatch:DescribeAlarms failed: AccessDenied", readAgo: null));

        Assert.Equal("No CloudWatch data yet: cloudwatch:DescribeAlarms failed: AccessDenied", Normalize(cut.Find("span.freshness.cloudwatch").TextContent));
    }

    [Fact]
    public void CloudWatch_data_that_only_aged_with_a_failed_refresh_gets_no_note_of_its_own()
    {
        var cut = RenderNote(Stale("ThrottlingException: Rate exceeded"));

        Assert.Empty(cut.FindAll("span.freshness.cloudwatch"));
    }

    private IRenderedComponent<FreshnessNote> RenderNote(EnvironmentFreshness freshness) =>
        Render<FreshnessNote>(parameters => parameters
            .Add(p => p.Freshness, freshness)
            .Add(p => p.Now, Now));
}
