using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Server.Access;
using Portal.Server.History;
using Portal.Shared.Access;
using Portal.Shared.Fleet;

namespace Portal.Server.Api;

/// <summary>A service's tasks: the running ones from the latest snapshot, the stopped ones from the archive, newest first.</summary>
public static class TasksApi
{
    private const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/environments").WithTags("Fleet")
            .MapGet("/{environment}/clusters/{cluster}/services/{service}/tasks", GetTasks).WithName("GetServiceTasks")
            .WithSummary("A service's tasks. status=running (the default): the tasks of the latest refresh. status=stopped: archived stopped tasks, kept beyond ECS's hour for History:Retention, newest first, one page at a time (limit, and the page's next as after). Each with its stop reason, containers' exit codes and console links.");
        return routes;
    }

    private static async Task<Results<Ok<ServiceTasksPage>, ProblemHttpResult, ValidationProblem>> GetTasks(
        string environment,
        string cluster,
        string service,
        IFleetView fleet,
        PortalAccess access,
        StoppedTaskReader stopped,
        CancellationToken cancellationToken,
        string? status = null,
        string? after = null,
        string? limit = null)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var which = (status ?? "running").Trim().ToLowerInvariant();
        if (which is not ("running" or "stopped"))
        {
            problems["status"] = [$"status must be running or stopped, not '{status}'."];
        }

        var size = DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > StoppedTaskReader.MaxPageSize))
        {
            problems["limit"] = [$"limit must be a whole number from 1 to {StoppedTaskReader.MaxPageSize}."];
        }

        if (!StoppedTaskReader.IsCursor(after))
        {
            problems["after"] = ["after must be the next of an earlier page."];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems, detail: string.Join(" ", problems.Values.SelectMany(p => p)), title: "Bad filter: " + string.Join(", ", problems.Keys));
        }

        var view = fleet.Find(environment);
        if (view is null)
        {
            // Told it does not exist, exactly as a mistyped name; the refusal goes to the audit trail.
            await access.AuthorizeAsync(PortalAction.ViewEnvironment, environment, service, serviceTags: null, cancellationToken);
            return NotFound($"There is no environment named '{environment}' that you can see.");
        }

        var found = view.FindService(cluster, service);
        if (found is null)
        {
            return NotFound($"There is no service named '{service}' in cluster {cluster} of {view.Environment.Name}.");
        }

        var links = new TaskViewFactory(view.Environment.AccountId, view.Environment.Region, view.Environment.Name, found.Service);
        if (which == "running")
        {
            return TypedResults.Ok(new ServiceTasksPage("running", found.Service.Tasks.ReadAt, found.Service.Tasks.Running.Select(links.View).ToList(), null));
        }

        var page = await stopped.PageAsync(view.Environment.Name, cluster, service, after, size, cancellationToken);
        return TypedResults.Ok(new ServiceTasksPage("stopped", found.Service.Tasks.ReadAt, page.Tasks.Select(links.View).ToList(), page.Next));
    }

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}

/// <summary>One page of a service's tasks; <see cref="ReadAt"/> is when the poller last read them.</summary>
public sealed record ServiceTasksPage(string Status, DateTimeOffset? ReadAt, IReadOnlyList<TaskView> Tasks, string? Next);

/// <summary>A task with why it stopped in one line and where to look at it in the AWS console.</summary>
public sealed record TaskView(TaskRecord Task, string Id, int Revision, string? StopSummary, string ConsoleUrl, IReadOnlyDictionary<string, string> LogUrls);

internal sealed record TaskViewFactory(string AccountId, string Region, string Environment, ServiceSnapshot Service)
{
    public TaskView View(TaskRecord task)
    {
        var logs = Service.TaskDefinition.Logs
            .Select(l => (l.Container, Url: TaskLinks.LogStream(AccountId, l, task, displayName: Environment)))
            .Where(l => l.Url is not null)
            .ToDictionary(l => l.Container, l => l.Url!, StringComparer.Ordinal);
        return new TaskView(
            task,
            task.Id,
            task.Revision,
            task.LastStatus == "STOPPED" ? task.StopSummary : null,
            TaskLinks.Task(AccountId, Region, Service.Cluster, task, displayName: Environment),
            logs);
    }
}
