using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Client;
using Portal.Client.Publishing;
using Portal.Client.Tests.Support;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;
using static Portal.Client.Tests.Support.TestFleet;

namespace Portal.Client.Tests.Publishing;

/// <summary>The publish page asks before anything goes live, and says "Live" only beside the new version.</summary>
public sealed class PublishPageTests : BunitContext, IAsyncLifetime
{
    private static readonly Guid Build = Guid.Parse("0193a1b2-0000-7000-8000-0000000000bb");
    private readonly ScriptedPublishing _publishing = new();

    /// <summary>Wired as the server wires the publish page: publishing, the fleet view, the clock and the component library.</summary>
    public PublishPageTests()
    {
        Services.AddSingleton<IPublishing>(_publishing);
        Services.AddSingleton<IFleetView>(TestFleet.Standard());
        Services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        Services.AddPortalClient();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", true));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>The component library's services are only async-disposable, so the container goes here, before the synchronous Dispose.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void Publish_asks_in_plain_words_what_goes_live_where_and_cancel_publishes_nothing()
    {
        _publishing.Sites = [Site(isLive: false, publishing: null)];
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PublishPage>();

        page.Find(".publish-button").Click();

        dialogs.WaitForAssertion(() => Assert.Contains(
            "“Winter sale landing page” by maria goes live on the live site of www (www.acme.example)", dialogs.Find(".publish-confirm-what").TextContent, StringComparison.Ordinal));
        dialogs.Find("#cancel-publish").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".publish-dialog")));
        Assert.Empty(_publishing.Published);

        page.Find(".publish-button").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirm-publish").Click());
        page.WaitForAssertion(() => Assert.Equal(Build, Assert.Single(_publishing.Published)));
    }

    [Fact]
    public void A_completed_publish_says_live_only_once_the_site_runs_the_new_version()
    {
        _publishing.Sites = [Site(isLive: false, publishing: null)];
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PublishPage>();
        page.Find(".publish-button").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirm-publish").Click());
        page.WaitForAssertion(() => Assert.Single(_publishing.Published));

        _publishing.Finish(_publishing.Started!, Site(isLive: false, publishing: null));

        page.WaitForAssertion(() => Assert.Equal("Finishing", page.Find(".publish-progress").GetAttribute("data-status")));
        Assert.DoesNotContain("Live.", page.Find(".publish-site").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".publish-button"));

        _publishing.Finish(_publishing.Started!, Site(isLive: true, publishing: null));

        page.WaitForAssertion(() => Assert.Contains("Live. The new version is what visitors see now.", page.Find(".publish-progress").TextContent, StringComparison.Ordinal));
    }

    private static PublishableSite Site(bool isLive, DeploymentRecord? publishing) => new(
        "prod", "cdn", "www", "www.acme.example",
        new LiveVersion(isLive ? "Winter sale landing page" : "Autumn campaign", Now.AddHours(-1), "maria"),
        new NewestVersion(Build, "Winter sale landing page", "maria", Now.AddMinutes(-15), isLive),
        publishing);

    /// <summary>Sites a test scripts, and every publish asked of it; finishing a publish is heard as the follower's event.</summary>
    private sealed class ScriptedPublishing : IPublishing
    {
        public event Action<Guid>? Changed;

        public IReadOnlyList<PublishableSite> Sites { get; set; } = [];

        public List<Guid> Published { get; } = [];

        public DeploymentRecord? Started { get; private set; }

        private List<DeploymentRecord> History { get; } = [];

        public Task<IReadOnlyList<PublishableSite>> SitesAsync(CancellationToken cancellationToken = default) => Task.FromResult(Sites);

        public Task<DeployResult> PublishAsync(string environment, string cluster, string service, Guid buildId, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            Published.Add(buildId);
            Started = new DeploymentRecord(Guid.NewGuid(), "deploy", "publish", "maria", environment, cluster, service, "arn:td:8", "arn:td:9", "repo/www:5d7e9b3", null,
                DeploymentStatus.InProgress, null, null, Now, Now, null);
            return Task.FromResult(DeployResult.Started(Started));
        }

        public Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<DeploymentRecord>>(History);

        public void Finish(DeploymentRecord started, PublishableSite siteAfter)
        {
            History.RemoveAll(h => h.Id == started.Id);
            History.Add(started with { Status = DeploymentStatus.Completed, FinishedAt = Now });
            Sites = [siteAfter];
            Changed?.Invoke(started.Id);
        }
    }
}
