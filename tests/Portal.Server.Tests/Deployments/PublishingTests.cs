using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Tests.Support;
using Portal.Shared.Deployments;

namespace Portal.Server.Tests.Deployments;

/// <summary>The publish page's server side: what it calls live is what runs, from the moment the publish completes.</summary>
public sealed class PublishingTests(DeployPortal portal) : IClassFixture<DeployPortal>
{
    [Fact]
    public async Task A_completed_publish_is_live_at_once_with_its_description_and_nothing_left_to_publish()
    {
        using var maria = PersonScopes.For(portal.Services, "maria", ("stage", "Publisher"));
        var publishing = maria.ServiceProvider.GetRequiredService<IPublishing>();
        var site = (await publishing.SitesAsync()).Single(s => s.Environment == "stage" && s.Service == "help-center");
        Assert.False(site.Newest!.IsLive);

        var result = await publishing.PublishAsync("stage", site.Cluster, "help-center", site.Newest.BuildId, Guid.NewGuid().ToString("N"));
        Assert.True(result.Accepted, result.Problem?.Message);
        await DeployPortal.EventuallyAsync(
            async () => (await portal.Services.GetRequiredService<DeploymentLedger>().FindAsync(result.Deployment!.Id, CancellationToken.None))!,
            d => d.IsFinished,
            TimeSpan.FromSeconds(60));

        var after = (await publishing.SitesAsync()).Single(s => s.Environment == "stage" && s.Service == "help-center");
        Assert.True(after.Newest!.IsLive);
        Assert.Equal(site.Newest.Description, after.Live.Description);
        Assert.Equal("maria", after.Live.By);
        Assert.Null(after.Publishing);
    }
}
