using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Cloud;
using Portal.Server.Tests.IdentityCenter;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Aws;

/// <summary>
/// The whole portal in real-AWS mode, pointed at a fake AWS endpoint through AWS_ENDPOINT_URL:
/// STS role assumption, the poller, the store and the API, end to end over HTTP. People sign in
/// through a fake IAM Identity Center (AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO) with the
/// device flow, and the fake STS names them from the role credentials Identity Center issued.
/// </summary>
public sealed class RealModeFixture : IAsyncLifetime
{
    public const string Dev = "111111111111";
    public const string Stage = "222222222222";
    public const string Prod = "333333333333";

    /// <summary>An account the portal does not watch, where the administrator also holds a role.</summary>
    public const string Ops = "444444444444";

    public const string StartUrl = "https://example-org.awsapps.com/start";

    /// <summary>Holds Administrator in dev, stage and prod (and ReadOnly in the ops account).</summary>
    public const string Administrator = "alice@example.com";

    /// <summary>Holds Deployer in dev only.</summary>
    public const string DevDeployer = "dana@example.com";

    public FakeAws Aws { get; private set; } = default!;

    public FakeIdentityCenter IdentityCenter { get; private set; } = default!;

    public WebApplicationFactory<Program> Portal { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        // The portal's own identity, found by the default credential chain as on a real host.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDPORTALTEST");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "portal-test-secret");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        Aws = await FakeAws.StartAsync();
        Aws.Fleet[Dev] = new() { ["dev-api"] = ["orders-api", "billing-api", "search-api"] };
        Aws.Fleet[Stage] = new() { ["stage-api"] = ["orders-api"] };
        Aws.Fleet[Prod] = new()
        {
            ["prod-api"] = Enumerable.Range(1, 12).Select(i => $"api-{i:00}").ToList(),
            ["prod-web"] = ["www"],
        };
        Aws.Throttle("ListClusters", 1);
        Aws.Deny(Stage);

        IdentityCenter = await FakeIdentityCenter.StartAsync();
        IdentityCenter.UserName = Administrator;
        IdentityCenter.Assignments[Dev] = ("Development", ["Administrator"]);
        IdentityCenter.Assignments[Stage] = ("Staging", ["Administrator"]);
        IdentityCenter.Assignments[Prod] = ("Production", ["Administrator"]);
        IdentityCenter.Assignments[Ops] = ("Operations", ["ReadOnly"]);
        IdentityCenter.PersonAssignments[DevDeployer] = new(StringComparer.Ordinal) { [Dev] = ("Development", ["Deployer"]) };
        Aws.SessionHolders = IdentityCenter.RoleCredentialsOf;

        Portal = new PortalApplication(host =>
        {
            host.UseSetting("Cloud:Mode", "Aws");
            host.UseSetting("AWS_ENDPOINT_URL", Aws.Endpoint.ToString());
            host.UseSetting("AWS_ENDPOINT_URL_SSO_OIDC", IdentityCenter.Endpoint.ToString());
            host.UseSetting("AWS_ENDPOINT_URL_SSO", IdentityCenter.Endpoint.ToString());
            host.UseSetting("Aws:IdentityCenter:StartUrl", StartUrl);
            host.UseSetting("Aws:IdentityCenter:Region", FakeAws.Region);
            host.UseSetting("Aws:RetryBaseDelay", "00:00:00.010");
            host.UseSetting("Aws:RetryMaxDelay", "00:00:00.050");
            host.UseSetting("Polling:Interval", "00:00:02");
            host.UseSetting("Polling:StaleAfter", "00:01:00");
            Environment("0", "dev", Dev, "green");
            Environment("1", "stage", Stage, "amber");
            Environment("2", "prod", Prod, "red");

            void Environment(string index, string name, string account, string colour)
            {
                host.UseSetting($"Aws:Environments:{index}:Name", name);
                host.UseSetting($"Aws:Environments:{index}:AccountId", account);
                host.UseSetting($"Aws:Environments:{index}:Region", FakeAws.Region);
                host.UseSetting($"Aws:Environments:{index}:Colour", colour);
                host.UseSetting($"Aws:Environments:{index}:ReadRoleArn", $"arn:aws:iam::{account}:role/PortalReadOnly");
            }
        });

        using var client = await SignedInClientAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (DateTimeOffset.UtcNow < deadline && !await AllAttemptedAsync(client))
        {
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await IdentityCenter.DisposeAsync();
        await Aws.DisposeAsync();
    }

    /// <summary>A client (cookies kept, redirects not followed) that went through the real device sign-in.</summary>
    /// <param name="userName">Who confirms the code at Identity Center; <see cref="Administrator"/> when not given.</param>
    public async Task<HttpClient> SignedInClientAsync(string? userName = null, string returnUrl = "/")
    {
        var client = Client();
        try
        {
            var started = await client.StartDeviceSignInAsync(returnUrl);
            IdentityCenter.Confirm(started.UserCode, userName);
            var landed = (await client.FinishDeviceSignInAsync(started.AttemptId)).Location;
            return landed == returnUrl
                ? client
                : throw new InvalidOperationException($"The device sign-in of {userName ?? Administrator} ended at {landed}, not {returnUrl}.");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A client with no session, as a browser before signing in.</summary>
    public HttpClient Client() =>
        Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<bool> AllAttemptedAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        return document.RootElement.EnumerateArray().All(e => e.GetProperty("refreshedAt").ValueKind != JsonValueKind.Null || e.GetProperty("lastError").ValueKind != JsonValueKind.Null);
    }
}

public class RealModeTests(RealModeFixture fixture) : IClassFixture<RealModeFixture>
{
    [Fact]
    public async Task The_api_shows_the_clusters_and_services_the_endpoint_holds()
    {
        using var client = await fixture.SignedInClientAsync();

        var dev = await ServicesAsync(client, "dev");
        var prod = await ServicesAsync(client, "prod");

        Assert.Equal(["billing-api", "orders-api", "search-api"], dev.Select(s => s.GetProperty("name").GetString()).Order());
        Assert.All(dev, s => Assert.Equal("dev-api", s.GetProperty("cluster").GetString()));
        Assert.Equal(13, prod.Count);
        var detail = await client.GetStringAsync(new Uri("/api/environments/dev/clusters/dev-api/services/orders-api", UriKind.Relative));
        Assert.Contains("abc1234", detail, StringComparison.Ordinal);
        Assert.Contains("has reached a steady state.", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_run_under_each_environments_read_role_and_batch_to_ecs_limits()
    {
        Assert.Contains($"arn:aws:iam::{RealModeFixture.Dev}:role/PortalReadOnly", fixture.Aws.AssumedRoles);
        Assert.Contains($"arn:aws:iam::{RealModeFixture.Prod}:role/PortalReadOnly", fixture.Aws.AssumedRoles);
        var describes = fixture.Aws.Requests.Where(r => r.Target.EndsWith(".DescribeServices", StringComparison.Ordinal)).ToList();
        Assert.All(describes, r => Assert.InRange(r.Body["services"]!.AsArray().Count, 1, 10));

        // prod-api's 12 services come in pages of 5: the poller follows nextToken to the end.
        var prodPages = fixture.Aws.Requests.Where(r => r.Target.EndsWith(".ListServices", StringComparison.Ordinal)
            && r.Body["cluster"]!.GetValue<string>().EndsWith("/prod-api", StringComparison.Ordinal)).ToList();
        Assert.Contains(prodPages, r => r.Body["nextToken"]?.GetValue<string>() == "10");
        Assert.All(fixture.Aws.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIA", r.Authorization, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_request_the_poller_sent_fits_its_operations_input_shape_in_the_aws_model()
    {
        var models = new Dictionary<string, AwsServiceModel>(StringComparer.Ordinal)
        {
            ["AmazonEC2ContainerServiceV20141113"] = AwsServiceModel.Load("ecs"),
            ["GraniteServiceVersion20100801"] = AwsServiceModel.Load("cloudwatch"),
            ["AWSInsightsIndexService"] = AwsServiceModel.Load("ce"),
        };
        var requests = fixture.Aws.Requests.ToList();
        Assert.NotEmpty(requests);

        foreach (var (target, body, _) in requests)
        {
            var prefix = target[..target.IndexOf('.', StringComparison.Ordinal)];
            var operation = target[(prefix.Length + 1)..];
            Assert.True(models.ContainsKey(prefix), $"unexpected target {target}");
            Assert.Empty(models[prefix].ValidateInput(operation, body));
        }

        Assert.Superset(
            new HashSet<string> { "ListClusters", "DescribeClusters", "ListServices", "DescribeServices", "DescribeTaskDefinition", "DescribeAlarms", "GetMetricData" },
            requests.Select(r => r.Target.Split('.')[1]).ToHashSet());
    }

    [Fact]
    public void A_throttled_call_is_retried_and_counted()
    {
        var meter = fixture.Portal.Services.GetRequiredService<CloudCallMeter>();

        var retries = meter.RetryTotals();
        Assert.True(retries.GetValueOrDefault(new CloudCallKey("ecs", "ListClusters", "throttled")) >= 1, "the throttled ListClusters was retried");
        Assert.True(meter.Totals().GetValueOrDefault(new CloudCallKey("ecs", "ListClusters", "success")) >= 2, "ListClusters then succeeded for dev and prod");
    }

    [Fact]
    public async Task Access_denied_names_the_role_and_action_in_the_api_and_on_the_page_and_other_environments_stay_live()
    {
        using var client = await fixture.SignedInClientAsync();
        using var environments = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/environments", UriKind.Relative)));
        var byName = environments.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);

        var stageError = byName["stage"].GetProperty("lastError").GetString();
        Assert.NotNull(stageError);
        Assert.Contains("PortalReadOnly", stageError, StringComparison.Ordinal);
        Assert.Contains("ecs:ListClusters", stageError, StringComparison.Ordinal);
        Assert.Contains("AccessDeniedException", stageError, StringComparison.Ordinal);
        Assert.True(byName["stage"].GetProperty("isStale").GetBoolean());
        Assert.False(byName["dev"].GetProperty("isStale").GetBoolean());
        Assert.False(byName["prod"].GetProperty("isStale").GetBoolean());

        var page = await client.GetStringAsync(new Uri("/environments/stage", UriKind.Relative));
        Assert.Contains("may not call ecs:ListClusters", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ServicesAsync(HttpClient client, string environment)
    {
        var json = await client.GetStringAsync(new Uri($"/api/environments/{environment}/services", UriKind.Relative));
        return JsonDocument.Parse(json).RootElement.EnumerateArray().ToList();
    }
}
