using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Api;

/// <summary>The tasks API over HTTP: running tasks from the snapshot, stopped ones from the archive a page at a time, visibility and bad input.</summary>
public class TasksApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string TrackingApi = "/api/environments/prod/clusters/prod-api/services/tracking-api/tasks";
    private static readonly DateTimeOffset Future = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Running_tasks_come_from_the_latest_refresh_with_console_and_log_links()
    {
        using var alice = await factory.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri(TrackingApi + "?status=running", UriKind.Relative));
        var page = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("running", page.GetProperty("status").GetString());
        var tasks = page.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(4, tasks.Count);
        Assert.All(tasks, task =>
        {
            Assert.Equal("RUNNING", task.GetProperty("task").GetProperty("desiredStatus").GetString());
            Assert.StartsWith("https://signin.aws.amazon.com/switchrole?account=536492031845", task.GetProperty("consoleUrl").GetString(), StringComparison.Ordinal);
            var logs = task.GetProperty("logUrls").GetProperty("tracking-api").GetString()!;
            Assert.Contains(Uri.EscapeDataString("$252Fecs$252Fprod$252Ftracking-api"), logs, StringComparison.Ordinal);
            Assert.Contains(Uri.EscapeDataString("ecs$252Ftracking-api$252F" + task.GetProperty("id").GetString()), logs, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Stopped_tasks_come_from_the_archive_newest_first_a_page_at_a_time()
    {
        await SeedAsync();
        using var alice = await factory.SignedInClientAsync("alice");

        using var first = await alice.GetAsync(new Uri(TrackingApi + "?status=stopped&limit=2", UriKind.Relative));
        var firstPage = await JsonAsync(first);
        var next = firstPage.GetProperty("next").GetString();
        using var second = await alice.GetAsync(new Uri($"{TrackingApi}?status=stopped&limit=2&after={Uri.EscapeDataString(next!)}", UriKind.Relative));
        var secondPage = await JsonAsync(second);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["probe-3", "probe-2"], firstPage.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal("OutOfMemoryError: Container killed due to memory usage, exit 137", firstPage.GetProperty("tasks")[0].GetProperty("stopSummary").GetString());
        Assert.Equal("probe-1", secondPage.GetProperty("tasks")[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("?status=pending", HttpStatusCode.BadRequest)]
    [InlineData("?status=stopped&limit=0", HttpStatusCode.BadRequest)]
    [InlineData("?status=stopped&after=nonsense", HttpStatusCode.BadRequest)]
    public async Task A_filter_that_cannot_be_used_is_a_bad_request(string query, HttpStatusCode expected)
    {
        using var alice = await factory.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri(TrackingApi + query, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_environment_without_a_role_and_an_unknown_service_are_not_found()
    {
        using var dmitri = await factory.SignedInClientAsync("dmitri");
        using var alice = await factory.SignedInClientAsync("alice");

        using var prod = await dmitri.GetAsync(new Uri(TrackingApi + "?status=stopped", UriKind.Relative));
        using var unknown = await alice.GetAsync(new Uri("/api/environments/prod/clusters/prod-api/services/no-such-service/tasks", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, prod.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task SeedAsync()
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        if (await context.ArchivedStoppedTasks.AnyAsync(t => t.TaskArn.EndsWith("/probe-1")))
        {
            return;
        }

        context.ArchivedStoppedTasks.AddRange(Enumerable.Range(1, 3).Select(i => new ArchivedStoppedTask
        {
            Environment = "prod",
            Cluster = "prod-api",
            Service = "tracking-api",
            TaskArn = $"arn:aws:ecs:eu-west-1:536492031845:task/prod-api/probe-{i}",
            TaskDefinitionArn = "arn:aws:ecs:eu-west-1:536492031845:task-definition/tracking-api:12",
            StoppedAt = Future.AddMinutes(i),
            StopCode = "EssentialContainerExited",
            StoppedReason = "Essential container in task exited",
            Summary = "OutOfMemoryError: Container killed due to memory usage, exit 137",
            Unexpected = true,
            Containers = """[{"name":"tracking-api","exitCode":137,"reason":"OutOfMemoryError: Container killed due to memory usage","healthStatus":null}]""",
        }));
        await context.SaveChangesAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
