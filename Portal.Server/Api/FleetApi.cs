using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Access;
using Portal.Shared.Access;
using Portal.Shared.Fleet;
using Portal.Shared.Health;

namespace Portal.Server.Api;

/// <summary>The JSON API mirroring the fleet pages: environments, their services, one service.</summary>
public static class FleetApi
{
    public static IEndpointRouteBuilder MapFleetApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/environments").WithTags("Fleet");
        api.MapGet("/", ListEnvironments).WithName("ListEnvironments").WithSummary("Every environment with its freshness and service counts by health.");
        api.MapGet("/{environment}/services", ListServices).WithName("ListServices").WithSummary("Every service of an environment with its health.");
        api.MapGet("/{environment}/clusters/{cluster}/services/{service}", GetService).WithName("GetService")
            .WithSummary("One service: counts, deployments, events, metrics, alarms, task definition and health reasons.");
        return routes;
    }

    private static Ok<List<EnvironmentSummary>> ListEnvironments(IFleetView fleet) =>
        TypedResults.Ok(fleet.Environments.Select(e => EnvironmentSummary.From(fleet.Find(e.Name)!)).ToList());

    private static async Task<Results<Ok<List<ServiceSummary>>, ProblemHttpResult>> ListServices(
        string environment, IFleetView fleet, PortalAccess access, CancellationToken cancellationToken)
    {
        var view = await VisibleAsync(environment, service: null, fleet, access, cancellationToken);
        return view is null
            ? NoSuchEnvironment(environment)
            : TypedResults.Ok(view.Services.Select(ServiceSummary.From).ToList());
    }

    private static async Task<Results<Ok<ServiceDetail>, ProblemHttpResult>> GetService(
        string environment, string cluster, string service, IFleetView fleet, PortalAccess access, CancellationToken cancellationToken)
    {
        var view = await VisibleAsync(environment, service, fleet, access, cancellationToken);
        if (view is null)
        {
            return NoSuchEnvironment(environment);
        }

        if (view.Clusters.All(c => c.Cluster.Name != cluster))
        {
            return NotFound($"There is no cluster named '{cluster}' in {view.Environment.Name}.");
        }

        var found = view.FindService(cluster, service);
        return found is null
            ? NotFound($"There is no service named '{service}' in cluster {cluster} of {view.Environment.Name}.")
            : TypedResults.Ok(ServiceDetail.From(found));
    }

    /// <summary>
    /// The environment as the caller sees it, or null. A caller with no role there is told it does
    /// not exist, exactly as for a mistyped name, and the refusal goes to the audit trail.
    /// </summary>
    internal static async Task<EnvironmentView?> VisibleAsync(
        string environment, string? service, IFleetView fleet, PortalAccess access, CancellationToken cancellationToken)
    {
        var view = fleet.Find(environment);
        if (view is null)
        {
            await access.AuthorizeAsync(PortalAction.ViewEnvironment, environment, service, serviceTags: null, cancellationToken);
        }

        return view;
    }

    private static ProblemHttpResult NoSuchEnvironment(string environment) =>
        NotFound($"There is no environment named '{environment}' that you can see.");

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

public sealed record EnvironmentSummary(
    string Name,
    string AccountId,
    string Region,
    string Colour,
    bool Protected,
    DateTimeOffset? RefreshedAt,
    bool IsStale,
    string? LastError,
    int Clusters,
    int Services,
    IReadOnlyDictionary<HealthLevel, int> Health,
    SnapshotParts Parts)
{
    public static EnvironmentSummary From(EnvironmentView view) => new(
        view.Environment.Name,
        view.Environment.AccountId,
        view.Environment.Region,
        view.Environment.Colour.ToString().ToLowerInvariant(),
        view.Environment.IsProtected,
        view.Freshness.RefreshedAt,
        view.Freshness.IsStale,
        view.Freshness.LastError,
        view.Clusters.Count,
        view.Services.Count(),
        view.CountByHealth(),
        new SnapshotParts(
            new PartFreshness(view.Freshness.RefreshedAt, view.Freshness.IsStale, view.Freshness.LastError),
            new PartFreshness(view.Freshness.CloudWatch.ReadAt, view.Freshness.CloudWatch.IsStale, view.Freshness.CloudWatch.LastError)));
}

/// <summary>
/// How fresh each part of an environment's snapshot is: ECS (clusters, services, deployments, events)
/// and CloudWatch (metrics and alarms) are read and fail on their own.
/// </summary>
public sealed record SnapshotParts(PartFreshness Ecs, PartFreshness CloudWatch);

public sealed record PartFreshness(DateTimeOffset? RefreshedAt, bool IsStale, string? LastError);

public sealed record ServiceSummary(
    string Environment,
    string Cluster,
    string Name,
    int DesiredCount,
    int RunningCount,
    int PendingCount,
    int Revision,
    string ImageTag,
    RolloutState RolloutState,
    HealthLevel Health,
    IReadOnlyList<HealthReason> Reasons)
{
    public static ServiceSummary From(ServiceView view) => new(
        view.Environment,
        view.Service.Cluster,
        view.Service.Name,
        view.Service.DesiredCount,
        view.Service.RunningCount,
        view.Service.PendingCount,
        view.Service.TaskDefinition.Revision,
        view.Service.TaskDefinition.ImageTag,
        view.Service.Primary?.RolloutState ?? RolloutState.Unknown,
        view.Health.Level,
        view.Health.Reasons);
}

public sealed record ServiceDetail(
    ServiceSummary Summary,
    TaskDefinitionSummary TaskDefinition,
    IReadOnlyList<DeploymentSnapshot> Deployments,
    IReadOnlyList<ServiceEventRecord> Events,
    IReadOnlyList<AlarmStatus> Alarms,
    IReadOnlyList<MetricPoint> Cpu,
    IReadOnlyList<MetricPoint> Memory,
    IReadOnlyDictionary<string, string> Tags)
{
    public static ServiceDetail From(ServiceView view) => new(
        ServiceSummary.From(view),
        view.Service.TaskDefinition,
        view.Service.Deployments,
        view.Service.Events,
        view.Service.Alarms,
        view.Service.Cpu.Points,
        view.Service.Memory.Points,
        view.Service.Tags);
}
