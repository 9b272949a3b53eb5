using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Costs;
using Portal.Shared.Costs;

namespace Portal.Server.Api;

/// <summary>
/// Costs over HTTP: the report and the CSV export, both only over the accounts of environments
/// the caller can see. Served from the cache: a request never calls Cost Explorer.
/// </summary>
public static class CostsApi
{
    public static IEndpointRouteBuilder MapCostsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Costs");
        api.MapGet("/costs", GetCosts).WithName("GetCosts")
            .WithSummary("Month to date, forecast and change per visible account; 13 months by account; top AWS and ECS services; daily trend with anomalies.");
        api.MapGet("/costs.csv", ExportCosts).WithName("ExportCosts")
            .WithSummary("Every cached amount of the visible accounts as CSV: monthly and daily by AWS service, monthly by ECS service.");
        api.MapGet("/environments/{environment}/services/{service}/cost", GetServiceCost).WithName("GetServiceCost")
            .WithSummary("One ECS service's cost this month and last.");
        return routes;
    }

    private static async Task<Ok<CostReport>> GetCosts(PersonalCostView costs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await costs.GetReportAsync(cancellationToken));

    private static async Task<FileContentHttpResult> ExportCosts(PersonalCostView costs, TimeProvider time, CancellationToken cancellationToken)
    {
        var csv = await costs.ExportCsvAsync(cancellationToken);
        var name = string.Create(CultureInfo.InvariantCulture, $"costs-{time.GetUtcNow().UtcDateTime:yyyy-MM-dd}.csv");
        return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
    }

    private static async Task<Results<Ok<EcsServiceCost>, ProblemHttpResult>> GetServiceCost(
        string environment, string service, PersonalCostView costs, Access.PortalAccess access, CancellationToken cancellationToken)
    {
        if (!costs.VisibleEnvironments.Any(e => e.Name == environment))
        {
            // Told as for a mistyped name; the refusal goes to the audit trail.
            await access.AuthorizeAsync(Shared.Access.PortalAction.ViewCosts, environment, service, serviceTags: null, cancellationToken);
            return TypedResults.Problem($"There is no environment named '{environment}' that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var cost = await costs.GetServiceCostAsync(environment, service, cancellationToken);
        return cost is null
            ? TypedResults.Problem($"No cost is known for a service named '{service}' in {environment}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Ok(cost);
    }
}
