using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Persistence;
using Portal.Server.Publishing;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Publishing;

/// <summary>The README badge: no session, short caching, the live version or "new version ready", and nothing about services not marked for publishing.</summary>
public sealed class BadgeTests(Deployments.DeployPortal portal) : IClassFixture<Deployments.DeployPortal>
{
    [Fact]
    public async Task A_site_with_a_newer_build_waiting_says_new_version_ready_and_after_publishing_the_live_version()
    {
        using var anonymous = portal.CreateClient();

        using var before = await anonymous.GetAsync(new Uri("/badges/prod/www.svg", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal("image/svg+xml", before.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=60", before.Headers.CacheControl?.ToString());
        var svg = await before.Content.ReadAsStringAsync();
        Assert.Contains("www prod: new version ready", svg, StringComparison.Ordinal);

        using (var scope = PersonScopes.For(portal.Services, "maria", ("prod", "Publisher")))
        {
            var publishing = scope.ServiceProvider.GetRequiredService<IPublishing>();
            var site = (await publishing.SitesAsync()).Single(s => s.Environment == "prod" && s.Service == "www");
            var started = await publishing.PublishAsync("prod", site.Cluster, "www", site.Newest!.BuildId, Guid.NewGuid().ToString("N"));
            Assert.True(started.Accepted, started.Problem?.Message);
            await Deployments.DeployPortal.EventuallyAsync(
                () => scope.ServiceProvider.GetRequiredService<IDeployments>().FindAsync(started.Deployment!.Id), d => d?.IsFinished == true, TimeSpan.FromSeconds(90));
        }

        var after = await anonymous.GetStringAsync(new Uri("/badges/prod/www.svg", UriKind.Relative));
        Assert.Contains("www prod: live 5d7e9b3", after, StringComparison.Ordinal);

        // The publish is in the ledger with its source and in the audit trail with who did it.
        await using var context = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var published = await context.Deployments.SingleAsync(d => d.Service == "www" && d.Environment == "prod");
        Assert.Equal(DeploymentSources.Publish, published.Source);
        Assert.Equal("maria", published.Actor);
        Assert.True(await context.AuditEntries.AnyAsync(e => e.Actor == "maria" && e.Action == "deploy-started" && e.Target == "www" && e.Environment == "prod"));
    }

    [Theory]
    [InlineData("/badges/prod/orders-api.svg")]
    [InlineData("/badges/prod/no-such-service.svg")]
    [InlineData("/badges/nowhere/www.svg")]
    public async Task A_service_not_marked_for_publishing_an_unknown_one_and_an_unknown_environment_get_the_same_neutral_badge(string path)
    {
        using var anonymous = portal.CreateClient();

        using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(BadgeSvg.Render("portal", "not published", BadgeSvg.Grey), await response.Content.ReadAsStringAsync());
    }
}
