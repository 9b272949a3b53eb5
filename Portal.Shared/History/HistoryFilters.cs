using System.Globalization;
using Portal.Shared.Deployments;

namespace Portal.Shared.History;

/// <summary>The history's filters as a person or a script wrote them: the query string of the page and of the API.</summary>
public sealed record HistoryFilters
{
    public string? Environment { get; init; }

    public string? Cluster { get; init; }

    public string? Service { get; init; }

    public string? Actor { get; init; }

    public string? Source { get; init; }

    public string? Outcome { get; init; }

    public string? Kind { get; init; }

    /// <summary>A date (from its midnight) or a moment, UTC unless it says otherwise.</summary>
    public string? From { get; init; }

    /// <summary>A date (up to the end of that day) or a moment, UTC unless it says otherwise.</summary>
    public string? To { get; init; }

    public string? After { get; init; }

    public string? Limit { get; init; }

    /// <summary>"true" folds repeated events into one row (the page always does).</summary>
    public string? Fold { get; init; }
}

/// <summary>A filter that cannot be used, named as it is in the query string, with what is wrong with it.</summary>
public sealed record HistoryFilterProblem(string Filter, string Message);

/// <summary>The filters read: the timeline query they ask for, or what is wrong with them.</summary>
public sealed record ParsedHistoryFilters(TimelineQuery Query, IReadOnlyList<HistoryFilterProblem> Problems)
{
    /// <summary>Without a period in the filters, the figures cover the last 30 days.</summary>
    public static readonly TimeSpan DefaultFiguresPeriod = TimeSpan.FromDays(30);

    public bool IsValid => Problems.Count == 0;

    /// <summary>The figures of what the timeline shows: the same scope, over the filters' period or the last 30 days up to it.</summary>
    public FiguresQuery Figures(DateTimeOffset now)
    {
        var to = Query.To ?? now;
        var from = Query.From ?? to - DefaultFiguresPeriod;
        return new FiguresQuery(Query.Environment, Query.Cluster, Query.Service, Query.Actor, Query.Source, from, to);
    }
}

/// <summary>
/// The one reader of the history's filters, shared by the page and the API so that both accept the same
/// addresses and refuse the same mistakes, each named by its filter.
/// </summary>
public static class HistoryFilterParser
{
    /// <summary>Sources of the ledger's deployments (the server's DeploymentSources) and of the archives.</summary>
    public static readonly IReadOnlyList<string> Sources = ["ui", "api", "ci", "auto", "publish", "chat", TimelineItem.EventSource, TimelineItem.AlarmSource];

    public static readonly IReadOnlyList<string> Kinds = Enum.GetNames<TimelineKind>().Select(k => k.ToLowerInvariant()).ToList();

    public static readonly IReadOnlyList<string> Outcomes = Enum.GetNames<DeploymentStatus>().Select(k => k.ToLowerInvariant()).ToList();

    /// <summary>Dates the portal can reason about; outside them arithmetic on periods would overflow.</summary>
    private static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string DateShape = "an ISO 8601 date or time between 1970 and 2200, such as 2026-11-30 or 2026-11-30T09:00:00Z";

    /// <summary>
    /// Reads the filters; <paramref name="environments"/>, when given, are the environments the caller
    /// can see, and any other is refused as not existing.
    /// </summary>
    public static ParsedHistoryFilters Parse(HistoryFilters filters, IReadOnlyCollection<string>? environments = null)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var problems = new List<HistoryFilterProblem>();
        var environment = Blank(filters.Environment);
        if (environment is not null && environments is not null && !environments.Contains(environment, StringComparer.Ordinal))
        {
            problems.Add(new("environment", $"There is no environment named '{environment}' that you can see."));
        }

        var from = Moment(filters.From, "from", endOfDay: false, problems);
        var to = Moment(filters.To, "to", endOfDay: true, problems);
        if (from is not null && to is not null && from >= to)
        {
            problems.Add(new("from", $"from ({filters.From!.Trim()}) must be before to ({filters.To!.Trim()})."));
        }

        var query = new TimelineQuery
        {
            Environment = environment,
            Cluster = Blank(filters.Cluster),
            Service = Blank(filters.Service),
            Actor = Blank(filters.Actor),
            Source = OneOf(filters.Source, "source", Sources, problems),
            Outcome = OneOf(filters.Outcome, "outcome", Outcomes, problems),
            Kind = OneOf(filters.Kind, "kind", Kinds, problems) is { } kind ? Enum.Parse<TimelineKind>(kind, ignoreCase: true) : null,
            From = from,
            To = to,
            After = Cursor(filters.After, problems),
            PageSize = PageSize(filters.Limit, problems),
            Fold = Flag(filters.Fold, "fold", problems),
        };
        return new ParsedHistoryFilters(query, problems);
    }

    /// <summary>The filters of a query, as <see cref="HistoryLinks.Timeline"/> writes them into an address.</summary>
    public static HistoryFilters Of(TimelineQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new HistoryFilters
        {
            Environment = query.Environment,
            Cluster = query.Cluster,
            Service = query.Service,
            Actor = query.Actor,
            Source = query.Source,
            Outcome = query.Outcome,
            Kind = query.Kind?.ToString().ToLowerInvariant(),
            From = HistoryLinks.Format(query.From),
            To = HistoryLinks.Format(query.To),
        };
    }

    /// <summary>A date alone means its midnight, or for "to" the end of that day, so a picked day is taken whole.</summary>
    private static DateTimeOffset? Moment(string? text, string filter, bool endOfDay, List<HistoryFilterProblem> problems)
    {
        var value = Blank(text);
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && new DateTimeOffset(day, TimeOnly.MinValue, TimeSpan.Zero) is var midnight && midnight >= Earliest && midnight < Latest)
        {
            return endOfDay ? midnight.AddDays(1) : midnight;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed >= Earliest && parsed < Latest)
        {
            return parsed.ToUniversalTime();
        }

        problems.Add(new(filter, $"{filter} ({value}) must be {DateShape}."));
        return null;
    }

    private static string? OneOf(string? text, string filter, IReadOnlyList<string> allowed, List<HistoryFilterProblem> problems)
    {
        var value = Blank(text)?.ToLowerInvariant();
        if (value is null || allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        problems.Add(new(filter, $"{filter} ({text!.Trim()}) must be one of {string.Join(", ", allowed)}."));
        return null;
    }

    private static string? Cursor(string? text, List<HistoryFilterProblem> problems)
    {
        var value = Blank(text);
        if (value is null || TimelineCursor.TryParse(value, out _))
        {
            return value;
        }

        problems.Add(new("after", $"after ({value}) must be the next value of a previous page."));
        return null;
    }

    private static int PageSize(string? text, List<HistoryFilterProblem> problems)
    {
        var value = Blank(text);
        if (value is null)
        {
            return TimelineQuery.DefaultPageSize;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= TimelineQuery.MaxPageSize)
        {
            return size;
        }

        problems.Add(new("limit", $"limit ({value}) must be a whole number from 1 to {TimelineQuery.MaxPageSize}."));
        return TimelineQuery.DefaultPageSize;
    }

    private static bool Flag(string? text, string filter, List<HistoryFilterProblem> problems)
    {
        var value = Blank(text);
        if (value is null || bool.TryParse(value, out var flag) is false)
        {
            if (value is not null)
            {
                problems.Add(new(filter, $"{filter} ({value}) must be true or false."));
            }

            return false;
        }

        return flag;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
