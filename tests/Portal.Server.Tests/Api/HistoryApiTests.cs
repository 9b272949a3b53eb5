using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Persistence;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Api;

/// <summary>The history API over HTTP: visibility per person, filters, paging, figures and bad input.</summary>
public class HistoryApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string Service = "history-probe";
    private static readonly DateTimeOffset At = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Alice_sees_both_environments_and_dmitri_only_dev_and_is_told_prod_does_not_exist()
    {
        await SeedAsync();
        using var alice = await factory.SignedInClientAsync("alice");
        using var dmitri = await factory.SignedInClientAsync("dmitri");

        var seenByAlice = await EnvironmentsAsync(alice, $"/api/history?service={Service}");
        var seenByDmitri = await EnvironmentsAsync(dmitri, $"/api/history?service={Service}");
        using var prodForDmitri = await dmitri.GetAsync(new Uri($"/api/history?environment=prod&service={Service}", UriKind.Relative));

        Assert.Contains("prod", seenByAlice);
        Assert.Contains("dev", seenByAlice);
        Assert.Equal(["dev"], seenByDmitri.Distinct());
        Assert.Equal(HttpStatusCode.NotFound, prodForDmitri.StatusCode);
    }

    [Fact]
    public async Task Pages_follow_the_continuation()
    {
        await SeedAsync();
        using var alice = await factory.SignedInClientAsync("alice");

        using var first = await alice.GetAsync(new Uri($"/api/history?service={Service}&limit=1", UriKind.Relative));
        var body = await JsonAsync(first);
        var next = body.GetProperty("next").GetString();
        using var second = await alice.GetAsync(new Uri($"/api/history?service={Service}&limit=1&after={Uri.EscapeDataString(next!)}", UriKind.Relative));
        var secondBody = await JsonAsync(second);

        Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.NotEqual(
            body.GetProperty("items")[0].GetProperty("key").GetString(),
            secondBody.GetProperty("items")[0].GetProperty("key").GetString());
    }

    [Fact]
    public async Task Figures_count_the_ledger_and_the_alarms_of_the_environment()
    {
        await SeedAsync();
        using var alice = await factory.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri("/api/history/figures?environment=prod&from=2026-09-30&to=2026-10-02", UriKind.Relative));
        var figures = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The failed deploy and its fix from the ledger, and the deploy made outside the portal from ECS's record.
        Assert.Equal(3, figures.GetProperty("deploys").GetInt32());
        Assert.True(figures.GetProperty("failureRate").GetDouble() > 0);
        Assert.Equal("00:12:00", figures.GetProperty("meanTimeToRecovery").GetString());
        Assert.Equal(1, figures.GetProperty("recovered").GetInt32());
    }

    [Fact]
    public async Task A_deploy_outside_the_portal_comes_with_ECS_s_status_and_rollout()
    {
        await SeedAsync();
        using var alice = await factory.SignedInClientAsync("alice");

        using var outside = await alice.GetAsync(new Uri($"/api/history?service={Service}&kind=ecsdeployment", UriKind.Relative));
        using var ecsOnly = await alice.GetAsync(new Uri($"/api/history?service={Service}&source=ecs", UriKind.Relative));
        using var byActor = await alice.GetAsync(new Uri($"/api/history?service={Service}&actor=alice", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        var item = Assert.Single((await JsonAsync(outside)).GetProperty("items").EnumerateArray());
        Assert.Equal("EcsDeployment", item.GetProperty("kind").GetString());
        Assert.Equal("ecs", item.GetProperty("source").GetString());
        Assert.Equal("prod", item.GetProperty("environment").GetString());
        var ecs = item.GetProperty("ecsDeployment");
        Assert.Equal("SUCCESSFUL", ecs.GetProperty("status").GetString());
        Assert.Equal($"arn:aws:ecs:eu-west-1:1:task-definition/{Service}:3", ecs.GetProperty("targetTaskDefinition").GetString());
        Assert.Equal("ecs-svc/42", ecs.GetProperty("ecsDeploymentId").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("deployment").ValueKind);
        Assert.Equal(
            ["EcsDeployment", "Event"],
            (await JsonAsync(ecsOnly)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(
            (await JsonAsync(byActor)).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("kind").GetString() != "Deploy");
    }

    [Theory]
    [InlineData("/api/history?from=yesterday")]
    [InlineData("/api/history?to=2026-13-45")]
    [InlineData("/api/history?kind=party")]
    [InlineData("/api/history?after=nonsense")]
    [InlineData("/api/history?limit=0")]
    [InlineData("/api/history/figures?from=soon")]
    [InlineData("/api/history/figures?from=2026-10-02&to=2026-10-01")]
    public async Task Bad_input_is_a_problem(string path)
    {
        using var alice = await factory.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/history?from=2026-10-02&to=2026-10-01", "from")]
    [InlineData("/api/history?to=2026-13-45", "to")]
    [InlineData("/api/history?outcome=exploded", "outcome")]
    [InlineData("/api/history?source=fax", "source")]
    [InlineData("/api/history?limit=many", "limit")]
    [InlineData("/api/history?fold=perhaps", "fold")]
    [InlineData("/api/history/figures?to=someday", "to")]
    public async Task A_bad_filter_is_named_in_the_problem(string path, string filter)
    {
        using var alice = await factory.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri(path, UriKind.Relative));
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(filter, problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(filter, out var messages), "errors should name " + filter);
        Assert.StartsWith(filter, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Figures_count_what_the_timeline_filters_select()
    {
        await SeedAsync();
        using var alice = await factory.SignedInClientAsync("alice");

        using var response = await alice.GetAsync(new Uri($"/api/history/figures?environment=prod&service={Service}&source=api&from=2026-10-01&to=2026-10-01", UriKind.Relative));
        var figures = await JsonAsync(response);
        using var timeline = await alice.GetAsync(new Uri($"/api/history?environment=prod&service={Service}&source=api&kind=deploy&from=2026-10-01&to=2026-10-01", UriKind.Relative));
        var rows = (await JsonAsync(timeline)).GetProperty("items").EnumerateArray().ToList();

        // "to" as a date takes that whole day; the deploy made outside the portal did not come through the API.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(rows.Count(r => r.GetProperty("deployment").GetProperty("kind").GetString() == "deploy"), figures.GetProperty("deploys").GetInt32());
        Assert.Equal(2, figures.GetProperty("deploys").GetInt32());
        Assert.Equal(Service, figures.GetProperty("query").GetProperty("service").GetString());
    }

    /// <summary>Idempotent: a failed deploy and its fix in prod, one deploy in dev, one archived event, one deploy outside the portal and a 12-minute alarm in prod.</summary>
    private async Task SeedAsync()
    {
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var context = await contexts.CreateDbContextAsync();
        if (await context.Deployments.AnyAsync(d => d.Service == Service))
        {
            return;
        }

        context.Deployments.AddRange(
            Deploy("prod", "failed", DeploymentStatus.Failed, At),
            Deploy("prod", "fixed", DeploymentStatus.Completed, At.AddMinutes(30)),
            Deploy("dev", "dev", DeploymentStatus.Completed, At));
        context.ArchivedServiceEvents.Add(new ArchivedServiceEvent
        {
            Environment = "prod",
            Cluster = "prod-api",
            Service = Service,
            EventId = "history-probe-event",
            CreatedAt = At.AddMinutes(1),
            Message = $"(service {Service}) has reached a steady state.",
            Class = "SteadyState",
        });
        context.ArchivedAlarmChanges.AddRange(Alarm("ALARM", At.AddMinutes(5)), Alarm("OK", At.AddMinutes(17)));
        context.ArchivedServiceDeployments.Add(new ArchivedServiceDeployment
        {
            Environment = "prod",
            Cluster = "prod-api",
            Service = Service,
            ServiceDeploymentArn = $"arn:aws:ecs:eu-west-1:1:service-deployment/prod-api/{Service}/console",
            EcsDeploymentId = "ecs-svc/42",
            CreatedAt = At.AddMinutes(45),
            StartedAt = At.AddMinutes(45),
            FinishedAt = At.AddMinutes(49),
            Status = "SUCCESSFUL",
            TargetServiceRevisionArn = $"arn:aws:ecs:eu-west-1:1:service-revision/prod-api/{Service}/3",
            TargetTaskDefinition = $"arn:aws:ecs:eu-west-1:1:task-definition/{Service}:3",
            LastCheckedAt = At.AddMinutes(50),
        });
        await context.SaveChangesAsync();
    }

    private static ArchivedAlarmChange Alarm(string state, DateTimeOffset at) => new()
    {
        Environment = "prod",
        Cluster = "prod-api",
        Service = Service,
        AlarmName = $"{Service}-cpu-critical",
        State = state,
        Severity = "Critical",
        MetricName = "CPUUtilization",
        Threshold = 80,
        ChangedAt = at,
    };

    private static Deployment Deploy(string environment, string key, DeploymentStatus status, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        Kind = DeploymentKinds.Deploy,
        Source = DeploymentSources.Api,
        Actor = "alice",
        Environment = environment,
        Cluster = $"{environment}-api",
        Service = Service,
        IdempotencyKey = key,
        FromTaskDefinition = $"arn:aws:ecs:eu-west-1:1:task-definition/{Service}:1",
        Image = $"repo/{Service}:abc",
        Status = status,
        RequestedAt = at,
        FinishedAt = at.AddMinutes(5),
    };

    private static async Task<List<string?>> EnvironmentsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("environment").GetString()).ToList();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
