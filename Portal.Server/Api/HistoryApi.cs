using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Access;
using Portal.Shared.Access;
using Portal.Shared.Fleet;
using Portal.Shared.History;

namespace Portal.Server.Api;

/// <summary>The JSON API mirroring the history page: the timeline and the delivery figures.</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/history").WithTags("History");
        api.MapGet("/", Timeline).WithName("GetHistory")
            .WithSummary("Deployments, archived service events and deploys made outside the portal (ECS's service deployments), newest first, one page at a time; pass the page's next as after. fold=true folds repeated events of a service into one row, as the page shows them. A filter that cannot be used is a 400 problem naming it.");
        api.MapGet("/figures", Figures).WithName("GetDeliveryFigures")
            .WithSummary("Deploys, failure rate, rollbacks and mean time to recovery of what the timeline's filters select (environment, cluster, service, actor, source) over from–to, or the last 30 days.");
        return routes;
    }

    private static async Task<Results<Ok<TimelinePage>, ProblemHttpResult, ValidationProblem>> Timeline(
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
        string? limit = null,
        string? fold = null)
    {
        var filters = new HistoryFilters
        {
            Environment = environment, Cluster = cluster, Service = service, Actor = actor, Source = source, Outcome = outcome,
            Kind = kind, From = from, To = to, After = after, Limit = limit, Fold = fold,
        };
        var parsed = HistoryFilterParser.Parse(filters);
        if (!parsed.IsValid)
        {
            return BadRequest(parsed.Problems);
        }

        if (!await IsVisibleAsync(parsed.Query.Environment, fleet, access, cancellationToken))
        {
            return NoSuchEnvironment(parsed.Query.Environment!);
        }

        return TypedResults.Ok(await history.TimelineAsync(parsed.Query, cancellationToken));
    }

    /// <summary>The figures take the timeline's filters, so a script sees the same counts the page shows beside the same list.</summary>
    private static async Task<Results<Ok<DeliveryFigures>, ProblemHttpResult, ValidationProblem>> Figures(
        IHistory history, IFleetView fleet, PortalAccess access, TimeProvider time, CancellationToken cancellationToken,
        string? environment = null, string? cluster = null, string? service = null, string? actor = null, string? source = null,
        string? from = null, string? to = null)
    {
        var parsed = HistoryFilterParser.Parse(new HistoryFilters
        {
            Environment = environment, Cluster = cluster, Service = service, Actor = actor, Source = source, From = from, To = to,
        });
        if (!parsed.IsValid)
        {
            return BadRequest(parsed.Problems);
        }

        if (!await IsVisibleAsync(parsed.Query.Environment, fleet, access, cancellationToken))
        {
            return NoSuchEnvironment(parsed.Query.Environment!);
        }

        var query = parsed.Figures(time.GetUtcNow());
        if (query.From >= query.To)
        {
            return BadRequest([new HistoryFilterProblem("from", $"from ({from}) must be before now when to is not given.")]);
        }

        return TypedResults.Ok(await history.FiguresAsync(query, cancellationToken));
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

    /// <summary>Problem details naming each filter that cannot be used, in detail and in errors (filter → messages).</summary>
    private static ValidationProblem BadRequest(IReadOnlyList<HistoryFilterProblem> problems) =>
        TypedResults.ValidationProblem(
            problems.GroupBy(p => p.Filter).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()),
            detail: string.Join(" ", problems.Select(p => p.Message)),
            title: "Bad filter: " + string.Join(", ", problems.Select(p => p.Filter).Distinct()));
}
