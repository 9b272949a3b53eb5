using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Portal.Client;
using Portal.Server.Access;
using Portal.Server.Api;
using Portal.Server.Chat;
using Portal.Server.Diagnostics;
using Portal.Server.Hosting;
using Portal.Server.Persistence;
using Portal.Server.Publishing;
using Portal.Server.SignIn;
using Portal.Server.Simulation.Seed;
using Portal.Server.Simulation.World;

var builder = WebApplication.CreateBuilder(args);
if (TokensCommand.IsRequested(args))
{
    TokensCommand.SendLogsToStandardError(builder.Logging);
}

builder.Services.AddPortal(builder.Configuration);
builder.Services.AddPortalErrors();

var app = builder.Build();

if (!CloudOptions.IsAws(app.Configuration))
{
    try
    {
        // Build the simulated organization now, so a broken seed stops the host with the file and field named.
        app.Services.GetRequiredService<SimulatedWorld>();
    }
    catch (SeedException error)
    {
        await Console.Error.WriteLineAsync("Portal cannot start: " + error.Message);
        return 1;
    }
}

if (TokensCommand.IsRequested(args))
{
    return await TokensCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
}

if (DoctorCommand.IsRequested(args))
{
    return await DoctorCommand.RunAsync(app.Services, Console.Out);
}

app.UseSecurityHeaders();
app.UsePortalErrors();
app.UseStaticFiles();
app.UseAuthentication();
app.UseCurrentCaller();
app.UseAuthorization();
app.UseAntiforgery();
app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/readyz", ReadinessReport.Options).AllowAnonymous();
app.MapErrorPage();

// Every endpoint that takes input checks its lengths and links before it runs.
var endpoints = app.MapGroup(string.Empty);
endpoints.ValidateInput();
endpoints.MapSignIn();
endpoints.MapFleetApi();
endpoints.MapTasksApi();
endpoints.MapTargetsApi();
endpoints.MapHistoryApi();
endpoints.MapDeploymentsApi();
endpoints.MapChat();
endpoints.MapBadges();
endpoints.MapCostsApi();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

try
{
    await app.RunAsync();
}
catch (DatabaseStartupException error)
{
    // Said plainly for the operator, then rethrown: the exit code stays non-zero, and a host started
    // by WebApplicationFactory (which runs this entry point) sees the failure instead of a disposed host.
    await Console.Error.WriteLineAsync("Portal cannot start: " + error.Message);
    throw;
}

return 0;

public partial class Program;
