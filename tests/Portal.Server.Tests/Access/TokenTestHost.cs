using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Portal.Server.Access;
using Portal.Server.Persistence;
using Portal.Server.Tests.Persistence;
using Portal.Shared.Access;

namespace Portal.Server.Tests.Access;

/// <summary>
/// A small real web host with only the API token scheme (and its background writer of last uses),
/// the portal's database on a SQLite file of its own, and a clock the test moves (timers included). <c>/whoami</c> needs any token; <c>/deploy</c> needs one
/// whose actions include deploy.
/// </summary>
internal sealed class TokenTestHost : IAsyncDisposable
{
    public const string DeployersPolicy = "deployers";

    private readonly WebApplication _app;

    private TokenTestHost(WebApplication app, SqliteTestDatabase database, FakeTimeProvider clock)
    {
        _app = app;
        Database = database;
        Clock = clock;
        Client = app.GetTestClient();
    }

    public SqliteTestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public ApiTokenStore Tokens => _app.Services.GetRequiredService<ApiTokenStore>();

    public static async Task<TokenTestHost> StartAsync(DateTimeOffset start)
    {
        var database = new SqliteTestDatabase();
        var clock = new FakeTimeProvider(start);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.Provider,
            ["Database:ConnectionString"] = database.ConnectionString,
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddPortalDatabase(builder.Configuration);
        builder.Services.AddAuthentication().AddApiTokens();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(DeployersPolicy, policy => policy.RequireClaim(PortalClaims.TokenAction, TokenActions.Deploy));

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (ClaimsPrincipal user) => TokenGrant.From(user) is { } grant
                ? Results.Ok(new WhoAmI(user.Identity?.Name, user.Identity?.AuthenticationType, grant.TokenId, grant.Name, grant.Scopes.Environments, grant.Scopes.Services, grant.Scopes.Actions))
                : Results.Problem("not a token"))
            .RequireAuthorization();
        app.MapGet("/deploy", () => "deploying").RequireAuthorization(DeployersPolicy);

        // Starting runs the portal's migration step, as the real host does.
        await app.StartAsync();
        return new TokenTestHost(app, database, clock);
    }

    /// <summary>Stops the host as a shutdown does (hosted services stopped), leaving the database in place.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async Task<HttpResponseMessage> GetAsync(string path, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (authorization is not null)
        {
            // Unvalidated, so malformed headers reach the server as written.
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Database.Dispose();
    }

    public sealed record WhoAmI(
        string? Name,
        string? AuthenticationType,
        Guid TokenId,
        string TokenName,
        IReadOnlyList<string> Environments,
        IReadOnlyList<string> Services,
        IReadOnlyList<string> Actions);
}
