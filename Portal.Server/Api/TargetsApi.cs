using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Access;
using Portal.Shared.Fleet;

namespace Portal.Server.Api;

/// <summary>A service's load balancer targets as the poller last read them, with the target groups' console pages.</summary>
public static class TargetsApi
{
    public static IEndpointRouteBuilder MapTargetsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/environments").WithTags("Fleet")
            .MapGet("/{environment}/clusters/{cluster}/services/{service}/targets", GetTargets).WithName("GetServiceTargets")
            .WithSummary("The service's load balancer targets per target group: counts by state and each unhealthy target with its reason.");
        return routes;
    }

    private static async Task<Results<Ok<ServiceTargets>, ProblemHttpResult>> GetTargets(
        string environment, string cluster, string service, IFleetView fleet, PortalAccess access, IServiceLinks links, CancellationToken cancellationToken)
    {
        var view = await FleetApi.VisibleAsync(environment, service, fleet, access, cancellationToken);
        if (view is null)
        {
            return NotFound($"There is no environment named '{environment}' that you can see.");
        }

        if (view.FindService(cluster, service) is not { } found)
        {
            return NotFound($"There is no service named '{service}' in cluster {cluster} of {view.Environment.Name}.");
        }

        var consoles = (await links.ForAsync(environment, cluster, service, cancellationToken))?.TargetGroups ?? new Dictionary<string, string>();
        var targets = found.Service.Targets;
        return TypedResults.Ok(new ServiceTargets(
            view.Environment.Name, cluster, service, targets.ReadAt, targets.LastError,
            targets.Healthy, targets.Unhealthy, targets.Initial, targets.Draining,
            targets.TargetGroups.Select(g => new TargetGroupTargets(
                g.Arn, g.Name, g.Healthy, g.Unhealthy, g.Initial, g.Draining, consoles.GetValueOrDefault(g.Arn), g.UnhealthyTargets)).ToList()));
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

/// <summary>GET .../targets: when the targets were read (null: never), why the last read failed, the counts, each group.</summary>
public sealed record ServiceTargets(
    string Environment,
    string Cluster,
    string Service,
    DateTimeOffset? ReadAt,
    string? LastError,
    int Healthy,
    int Unhealthy,
    int Initial,
    int Draining,
    IReadOnlyList<TargetGroupTargets> TargetGroups);

public sealed record TargetGroupTargets(
    string Arn,
    string Name,
    int Healthy,
    int Unhealthy,
    int Initial,
    int Draining,
    string? ConsoleLink,
    IReadOnlyList<UnhealthyTarget> UnhealthyTargets);
