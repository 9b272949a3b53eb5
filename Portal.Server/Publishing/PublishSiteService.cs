using Microsoft.Extensions.Options;
using Portal.Server.Access;
using Portal.Server.Deployments;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Publishing;

/// <summary>
/// The server side of <c>/publish/{env}/{service}</c>: the site as the person sees it (their fleet
/// view decides whether it exists for them), with the card of <see cref="IPublishing"/> only where
/// they may publish, and otherwise the names of those who may.
/// </summary>
public sealed class PublishSiteService(
    IFleetView fleet, IPortalAccess access, IPublishing publishing, SiteVersions versions, IPeopleDirectory people, RoleCapabilities capabilities,
    IOptions<PublishingOptions> options) : IPublishSite
{
    private const string SiteTag = "site";

    public async Task<PublishSiteView?> SiteAsync(string environment, string service, CancellationToken cancellationToken = default)
    {
        var view = fleet.Find(environment)?.Services.FirstOrDefault(s => s.Service.Name == service);
        if (view is null || await versions.OfAsync(view.Environment, service, cancellationToken) is not { } state)
        {
            return null;
        }

        var mayPublish = (await access.DecideAsync(PortalAction.Publish, view.Environment, view.Service.Tags, cancellationToken)).Allowed;
        var site = mayPublish ? (await publishing.SitesAsync(cancellationToken)).FirstOrDefault(s => s.Environment == view.Environment && s.Service == service) : null;
        var address = view.Service.Tags.GetValueOrDefault(SiteTag);
        return new PublishSiteView(
            view.Environment,
            service,
            address,
            state.LiveVersion,
            state.Live?.Message ?? $"Version {state.LiveVersion}",
            state.NewVersionReady,
            site,
            state.Waiting.Select(b => new VersionChange(b.CommitSha, b.Message, b.Author, b.AnnouncedAt)).ToList(),
            ChangedFiles.Pages(state.Waiting.SelectMany(ChangedFiles.Of)),
            PreviewLink(view, state, address),
            mayPublish ? [] : await PublishersAsync(view.Environment, cancellationToken));
    }

    /// <summary>The stage address, when the newest waiting build already runs there (and this is not stage itself).</summary>
    private string? PreviewLink(ServiceView view, SiteState state, string? address)
    {
        var newest = state.Waiting.FirstOrDefault();
        var stage = fleet.Find(PublishingOptions.StageEnvironment)?.Services.FirstOrDefault(s => s.Service.Name == view.Service.Name);
        return newest is not null && view.Environment != PublishingOptions.StageEnvironment && stage?.Service.TaskDefinition.Image == newest.Image
            ? options.Value.PreviewOf(view.Service.Name, address)
            : null;
    }

    private async Task<IReadOnlyList<string>> PublishersAsync(string environment, CancellationToken cancellationToken) =>
        (await people.PeopleAsync(cancellationToken))
            .Where(p => p.RolesIn(environment).Any(role => capabilities.CapabilitiesOf(role).HasFlag(Capability.Publish)))
            .Select(p => p.DisplayName)
            .Order(StringComparer.Ordinal)
            .ToList();
}
