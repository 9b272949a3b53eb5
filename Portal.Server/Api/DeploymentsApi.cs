using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Server.Access;
using Portal.Server.Deployments;
using Portal.Server.Hosting;
using Portal.Server.Persistence;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Api;

/// <summary>
/// CI's side of deploying: announce a build, ask for a deploy (answered 202 with where to follow
/// it), read a deployment's progress. The same engine and guards as the deploy dialog.
/// </summary>
public static partial class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/builds", AnnounceBuildAsync).WithTags("Deployments").WithName("AnnounceBuild")
            .WithSummary("Records a built image of a service (token with the announce-build action).");
        var deployments = routes.MapGroup("/api/deployments").WithTags("Deployments");
        deployments.MapPost("/", DeployAsync).WithName("Deploy")
            .WithSummary("Starts a deploy of a build or revision; 202 with the deployment's location. Send an Idempotency-Key.");
        deployments.MapPost("/rollbacks", RollbackAsync).WithName("Rollback")
            .WithSummary("Rolls a service back: to taskDefinition when given (a revision that ran before the one being left), else to the one before; 202 with the deployment's location. Send an Idempotency-Key.");
        deployments.MapGet("/{id:guid}", GetAsync).WithName("GetDeployment").WithSummary("One deployment of the ledger, with its progress.");
        return routes;
    }

    private static async Task<Results<Created<BuildAnnounced>, Ok<BuildAnnounced>, ProblemHttpResult>> AnnounceBuildAsync(
        AnnounceBuildRequest request, CurrentCaller caller, PortalAccess access, IFleetView fleet, BuildCatalog builds, AutoDeploys autoDeploys, CancellationToken cancellationToken)
    {
        if (caller.Token is not { } token)
        {
            return Problem(StatusCodes.Status403Forbidden, "Builds are announced by CI with an API token that has the announce-build action.");
        }

        if (string.IsNullOrWhiteSpace(request.Service) || !fleet.Environments.Any(e => fleet.Find(e.Name)?.Services.Any(s => s.Service.Name == request.Service) == true))
        {
            return Problem(StatusCodes.Status404NotFound, $"There is no service named '{request.Service}' in any environment this token can see.");
        }

        // Decided in an environment the token can see where the service runs: a prod-only token announces for prod.
        var running = fleet.Environments.Where(e => fleet.Find(e.Name)!.Services.Any(s => s.Service.Name == request.Service)).Select(e => e.Name).ToList();
        var visibleEnvironment = running.FirstOrDefault(e => TokenAccess.CanSee(token.Scopes, e)) ?? running[0];
        var decision = TokenAccess.Decide(token.Scopes, TokenActions.AnnounceBuild, visibleEnvironment, request.Service);
        if (!decision.Allowed)
        {
            await access.AuthorizeAsync(PortalAction.Deploy, visibleEnvironment, request.Service, serviceTags: null, cancellationToken);
            return Problem(StatusCodes.Status403Forbidden, decision.Reason ?? "This token may not announce builds of that service.");
        }

        if (!ImageReference.IsValid(request.Image))
        {
            return Problem(StatusCodes.Status400BadRequest, $"'{request.Image}' is not an image reference ECS can pull, such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:4be1a07.");
        }

        if (request.CommitSha is null || !CommitSha().IsMatch(request.CommitSha))
        {
            return Problem(StatusCodes.Status400BadRequest, "commitSha must be 7 to 40 hexadecimal characters.");
        }

        if (string.IsNullOrWhiteSpace(request.Message) || string.IsNullOrWhiteSpace(request.Author))
        {
            return Problem(StatusCodes.Status400BadRequest, "message and author are required: the deploy dialog shows them.");
        }

        if (ChangedFiles.Problem(request.ChangedFiles) is { } badFiles)
        {
            return Problem(StatusCodes.Status400BadRequest, badFiles);
        }

        var (build, created) = await builds.AnnounceAsync(
            request.Service, request.Image!, request.CommitSha, request.Message.Trim(), request.Author.Trim(), request.Link, token.Actor, cancellationToken,
            changedFiles: request.ChangedFiles);
        if (!created)
        {
            return TypedResults.Ok(BuildAnnounced.From(build, []));
        }

        // Only where the announcing token could deploy itself: the answer names no deployment it could not see.
        var autoDeployments = await autoDeploys.DeployAsync(build, token, cancellationToken);
        return TypedResults.Created($"/api/builds/{build.Id}", BuildAnnounced.From(build, autoDeployments));
    }

    private static async Task<Results<Accepted<DeploymentRecord>, ProblemHttpResult>> DeployAsync(
        DeployRequest request, [FromHeader(Name = "Idempotency-Key"), MaxLength(InputLimits.IdempotencyKey)] string? idempotencyHeader, CurrentCaller caller, Deployer deployer, IFleetView fleet,
        CancellationToken cancellationToken)
    {
        var key = request.IdempotencyKey ?? idempotencyHeader;
        if (string.IsNullOrWhiteSpace(request.Environment) || string.IsNullOrWhiteSpace(request.Service))
        {
            return Problem(StatusCodes.Status400BadRequest, "environment and service are required.");
        }

        var cluster = request.Cluster
            ?? fleet.Find(request.Environment)?.Services.FirstOrDefault(s => s.Service.Name == request.Service)?.Service.Cluster
            ?? string.Empty;
        DeployTarget target = request switch
        {
            { BuildId: { } build } => DeployTarget.Build(build),
            { TaskDefinition: { Length: > 0 } revision } => DeployTarget.Revision(revision),
            _ => new DeployTarget(null, null),
        };

        var result = await deployer.DeployAsync(
            new DeployCommand(request.Environment, cluster, request.Service, target, key ?? string.Empty, request.Reason, request.Confirmation),
            DeployOrigin.Api(byToken: caller.Token is not null),
            cancellationToken);
        return result.Deployment is { } deployment
            ? TypedResults.Accepted($"/api/deployments/{deployment.Id}", deployment)
            : Problem(StatusOf(result.Problem!.Kind), result.Problem.Message);
    }

    private static async Task<Results<Accepted<DeploymentRecord>, ProblemHttpResult>> RollbackAsync(
        RollbackRequest request, [FromHeader(Name = "Idempotency-Key"), MaxLength(InputLimits.IdempotencyKey)] string? idempotencyHeader, CurrentCaller caller, Deployer deployer, IFleetView fleet,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Environment) || string.IsNullOrWhiteSpace(request.Service))
        {
            return Problem(StatusCodes.Status400BadRequest, "environment and service are required.");
        }

        var cluster = request.Cluster
            ?? fleet.Find(request.Environment)?.Services.FirstOrDefault(s => s.Service.Name == request.Service)?.Service.Cluster
            ?? string.Empty;
        var result = await deployer.RollbackAsync(
            new RollbackCommand(request.Environment, cluster, request.Service, request.IdempotencyKey ?? idempotencyHeader ?? string.Empty, request.Reason, request.Confirmation,
                TaskDefinition: request.TaskDefinition),
            DeployOrigin.Api(byToken: caller.Token is not null),
            cancellationToken);
        return result.Deployment is { } deployment
            ? TypedResults.Accepted($"/api/deployments/{deployment.Id}", deployment)
            : Problem(StatusOf(result.Problem!.Kind), result.Problem.Message);
    }

    private static async Task<Results<Ok<DeploymentRecord>, ProblemHttpResult>> GetAsync(Guid id, IDeployments deployments, CancellationToken cancellationToken) =>
        await deployments.FindAsync(id, cancellationToken) is { } deployment
            ? TypedResults.Ok(deployment)
            : Problem(StatusCodes.Status404NotFound, $"There is no deployment {id} that you can see.");

    public static int StatusOf(DeployProblemKind kind) => kind switch
    {
        DeployProblemKind.Invalid => StatusCodes.Status400BadRequest,
        DeployProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        DeployProblemKind.NotFound => StatusCodes.Status404NotFound,
        DeployProblemKind.Conflict => StatusCodes.Status409Conflict,
        DeployProblemKind.Frozen => StatusCodes.Status423Locked,
        DeployProblemKind.KeyReused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status502BadGateway,
    };

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: ReasonPhrases.GetReasonPhrase(status));

    [GeneratedRegex("^[0-9a-f]{7,40}$")]
    private static partial Regex CommitSha();
}

public sealed record AnnounceBuildRequest(
    [property: MaxLength(InputLimits.Name)] string? Service,
    [property: MaxLength(InputLimits.Image)] string? Image,
    [property: MaxLength(InputLimits.CommitSha)] string? CommitSha,
    [property: MaxLength(InputLimits.CommitMessage)] string? Message,
    [property: MaxLength(InputLimits.Author)] string? Author,
    [property: MaxLength(InputLimits.Link), HttpsLink] string? Link,
    IReadOnlyList<string>? ChangedFiles = null);

/// <summary>A recorded build, and the deployments auto-deploy started for it (follow them at /api/deployments/{id}).</summary>
public sealed record BuildAnnounced(
    Guid Id, string Service, string Image, string CommitSha, string Message, string Author, string? Link, DateTimeOffset AnnouncedAt, IReadOnlyList<Guid> AutoDeployments)
{
    public static BuildAnnounced From(AnnouncedBuild build, IReadOnlyList<Guid> autoDeployments) =>
        new(build.Id, build.Service, build.Image, build.CommitSha, build.Message, build.Author, build.Link, build.AnnouncedAt, autoDeployments);
}

/// <summary>A deploy request: a build id or a task definition revision ARN, and an idempotency key (in the body or the Idempotency-Key header).</summary>
public sealed record DeployRequest(
    [property: MaxLength(InputLimits.Environment)] string? Environment,
    [property: MaxLength(InputLimits.Name)] string? Cluster,
    [property: MaxLength(InputLimits.Name)] string? Service,
    Guid? BuildId,
    [property: MaxLength(InputLimits.TaskDefinition)] string? TaskDefinition,
    [property: MaxLength(InputLimits.IdempotencyKey)] string? IdempotencyKey,
    [property: MaxLength(InputLimits.Reason)] string? Reason,
    [property: MaxLength(InputLimits.Confirmation)] string? Confirmation);

/// <summary>A rollback request: the service, optionally the revision to return to (by default the one before), and an idempotency key.</summary>
public sealed record RollbackRequest(
    [property: MaxLength(InputLimits.Environment)] string? Environment,
    [property: MaxLength(InputLimits.Name)] string? Cluster,
    [property: MaxLength(InputLimits.Name)] string? Service,
    [property: MaxLength(InputLimits.TaskDefinition)] string? TaskDefinition,
    [property: MaxLength(InputLimits.IdempotencyKey)] string? IdempotencyKey,
    [property: MaxLength(InputLimits.Reason)] string? Reason,
    [property: MaxLength(InputLimits.Confirmation)] string? Confirmation);
