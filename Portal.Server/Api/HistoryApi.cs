using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Access;
using Portal.Shared.Access;
using Portal.Shared.Fleet;
using Portal.Shared.History;

namespace Portal.Server.Api;

/// <summary>The JSON API mirroring the history page: the timeline and the delivery figures.</summary>
public static class HistoryApi
{
    /// <summary>Figures default to the last 30 days, as the page shows them.</summary>
    private static readonly TimeSpan DefaultPeriod = TimeSpan.FromDays(30);

    /// <summary>Dates the portal can reason about; outside them arithmetic on periods would overflow.</summary>
    private static readonly DateTimeOffset Earliest = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Latest = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string DateProblem = "from and to must be ISO 8601 dates between 1970 and 2200, such as 2026-11-30 or 2026-11-30T09:00:00Z.";

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/history").WithTags("History");
        api.MapGet("/", Timeline).WithName("GetHistory")
            .WithSummary("Deployments, archived service events and deploys made outside the portal (ECS's service deployments), newest first, one page at a time; pass the page's next as after.");
        api.MapGet("/figures", Figures).WithName("GetDeliveryFigures")
            .WithSummary("Deploys, failure rate, rollbacks and mean time to recovery of an environment over a period.");
        return routes;
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult>> Timeline(
        IHistory history,
        IFleetView fleet,
        PortalAccess access,
        CancellationToken cancellationToken,
        string? environment = null,
        string? cluster = null,
        string? service = null,
        string? actor = null,
        string? source = null,
        string? outcome = null,
        string? kind = null,
        string? from = null,
        string? to = null,
        string? after = null,
        int? limit = null)
    {
        if (!TryDate(from, out var fromAt) || !TryDate(to, out var toAt))
        {
            return BadRequest(DateProblem);
        }

        if (fromAt > toAt)
        {
            return BadRequest("from must not be after to.");
        }

        if (!await IsVisibleAsync(Blank(environment), fleet, access, cancellationToken))
        {
            return NoSuchEnvironment(environment!);
        }

        TimelineKind? kindValue = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<TimelineKind>(kind, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return BadRequest("kind must be deploy, event, ecsdeployment or alarm.");
            }

            kindValue = parsed;
        }

        if (!string.IsNullOrEmpty(after) && !TimelineCursor.TryParse(after, out _))
        {
            return BadRequest("after must be the next value of a previous page.");
        }

        if (limit is < 1 or > TimelineQuery.MaxPageSize)
        {
            return BadRequest($"limit must be between 1 and {TimelineQuery.MaxPageSize}.");
        }

        var query = new TimelineQuery
        {
            Environment = Blank(environment),
            Cluster = Blank(cluster),
            Service = Blank(service),
            Actor = Blank(actor),
            Source = Blank(source),
            Outcome = Blank(outcome),
            Kind = kindValue,
            From = fromAt,
            To = toAt,
            After = Blank(after),
            PageSize = limit ?? TimelineQuery.DefaultPageSize,
        };
        return TypedResults.Ok(await history.TimelineAsync(query, cancellationToken));
    }

    private static async Task<Results<Ok<DeliveryFigures>, ProblemHttpResult>> Figures(
        IHistory history, IFleetView fleet, PortalAccess access, TimeProvider time, CancellationToken cancellationToken,
        string? environment = null, string? from = null, string? to = null)
    {
        if (!TryDate(from, out var fromAt) || !TryDate(to, out var toAt))
        {
            return BadRequest(DateProblem);
        }

        if (!await IsVisibleAsync(Blank(environment), fleet, access, cancellationToken))
        {
            return NoSuchEnvironment(environment!);
        }

        var end = toAt ?? time.GetUtcNow();
        var start = fromAt ?? end - DefaultPeriod;
        if (start >= end)
        {
            return BadRequest("from must be before to.");
        }

        return TypedResults.Ok(await history.FiguresAsync(Blank(environment), start, end, cancellationToken));
    }

    private static bool TryDate(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed >= Earliest && parsed < Latest)
        {
            value = parsed.ToUniversalTime();
            return true;
        }

        return false;
    }

    /// <summary>
    /// No environment named means every visible one. A named one the caller has no role in is told
    /// not to exist, exactly as a mistyped name, and the refusal goes to the audit trail.
    /// </summary>
    private static async Task<bool> IsVisibleAsync(string? environment, IFleetView fleet, PortalAccess access, CancellationToken cancellationToken)
    {
        if (environment is null || fleet.Find(environment) is not null)
        {
            return true;
        }

        await access.AuthorizeAsync(PortalAction.ViewEnvironment, environment, service: null, serviceTags: null, cancellationToken);
        return false;
    }

    private static ProblemHttpResult NoSuchEnvironment(string environment) =>
        TypedResults.Problem($"There is no environment named '{environment}' that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
}
