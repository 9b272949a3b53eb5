using Portal.Shared.History;

namespace Portal.Shared.Tests.History;

public class HistoryFilterParserTests
{
    private static readonly string[] Environments = ["dev", "prod"];

    [Fact]
    public void A_date_takes_its_whole_day_and_a_moment_is_taken_as_written_in_UTC()
    {
        var parsed = HistoryFilterParser.Parse(new HistoryFilters { From = "2026-11-30", To = "2026-11-30" });
        var moments = HistoryFilterParser.Parse(new HistoryFilters { From = "2026-11-30T09:15", To = "2026-11-30T10:00:00+01:00" });

        Assert.True(parsed.IsValid);
        Assert.Equal(TimeSpan.FromDays(1), parsed.Query.To - parsed.Query.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.Zero), moments.Query.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero), moments.Query.To);
    }

    [Theory]
    [InlineData("environment", "staging")]
    [InlineData("from", "yesterday")]
    [InlineData("to", "2026-13-45")]
    [InlineData("kind", "party")]
    [InlineData("source", "fax")]
    [InlineData("outcome", "exploded")]
    [InlineData("after", "nonsense")]
    [InlineData("limit", "0")]
    [InlineData("fold", "perhaps")]
    public void A_bad_filter_is_named_with_what_is_wrong(string filter, string value)
    {
        var filters = filter switch
        {
            "environment" => new HistoryFilters { Environment = value },
            "from" => new HistoryFilters { From = value },
            "to" => new HistoryFilters { To = value },
            "kind" => new HistoryFilters { Kind = value },
            "source" => new HistoryFilters { Source = value },
            "outcome" => new HistoryFilters { Outcome = value },
            "after" => new HistoryFilters { After = value },
            "limit" => new HistoryFilters { Limit = value },
            _ => new HistoryFilters { Fold = value },
        };

        var parsed = HistoryFilterParser.Parse(filters, Environments);

        var problem = Assert.Single(parsed.Problems);
        Assert.Equal(filter, problem.Filter);
        Assert.Contains(value, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_after_to_is_refused_and_every_problem_is_told_at_once()
    {
        var parsed = HistoryFilterParser.Parse(new HistoryFilters { From = "2026-12-02", To = "2026-12-01", Kind = "party" });

        Assert.Equal(["from", "kind"], parsed.Problems.Select(p => p.Filter).Order());
    }

    [Fact]
    public void The_address_of_a_query_reads_back_to_the_same_query()
    {
        var query = new TimelineQuery
        {
            Environment = "prod", Cluster = "prod-api", Service = "pricing-api", Actor = "alice", Source = "ui", Outcome = "rolledback",
            Kind = TimelineKind.Deploy, From = new DateTimeOffset(2026, 11, 22, 11, 45, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 11, 22, 12, 34, 56, TimeSpan.Zero),
        };

        var address = new Uri("https://portal/" + HistoryLinks.Timeline(query));
        var values = address.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var parsed = HistoryFilterParser.Parse(new HistoryFilters
        {
            Environment = values["environment"], Cluster = values["cluster"], Service = values["service"], Actor = values["actor"], Source = values["source"],
            Outcome = values["outcome"], Kind = values["kind"], From = values["from"], To = values["to"],
        });

        Assert.True(parsed.IsValid);
        Assert.Equal(query, parsed.Query);
    }

    [Fact]
    public void Figures_take_the_filters_scope_and_period_or_the_last_30_days()
    {
        var now = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var scoped = HistoryFilterParser.Parse(new HistoryFilters { Environment = "prod", Service = "pricing-api", Actor = "alice", From = "2026-11-01", To = "2026-11-30" }).Figures(now);
        var open = HistoryFilterParser.Parse(new HistoryFilters()).Figures(now);

        Assert.Equal(("prod", "pricing-api", "alice"), (scoped.Environment, scoped.Service, scoped.Actor));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), scoped.To);
        Assert.Equal(now, open.To);
        Assert.Equal(ParsedHistoryFilters.DefaultFiguresPeriod, open.To - open.From);
    }
}
