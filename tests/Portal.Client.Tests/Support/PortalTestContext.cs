using Bunit;
using Bunit.Rendering;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Client;
using Portal.Shared.Access;
using Portal.Shared.Deployments;
using Portal.Shared.Costs;
using Portal.Shared.Diagnostics;
using Portal.Shared.Fleet;
using Portal.Shared.History;
using Portal.Shared.Triage;

namespace Portal.Client.Tests.Support;

/// <summary>
/// A bunit context wired as the server wires the pages: the fleet view, access, doctor, API token
/// administration and clock they inject, the component library's services (AddPortalClient, as the server calls it), and an interactive server renderer
/// (LiveComponent reads RendererInfo).
/// </summary>
public abstract class PortalTestContext : BunitContext, IAsyncLifetime
{
    private InMemoryCostView? _costs;

    protected PortalTestContext()
    {
        Services.AddSingleton<IFleetView>(Fleet);
        Services.AddSingleton<IPortalAccess>(provider => Access);
        Services.AddSingleton<IEnvironmentDoctor>(Doctor);
        Services.AddSingleton<IDeployments>(provider => Deployments);
        Services.AddSingleton<IHistory>(History);
        Tokens = new InMemoryApiTokenAdministration(() => Access, Clock);
        Services.AddSingleton<IApiTokenAdministration>(Tokens);
        Services.AddSingleton<ICostView>(provider => Costs);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<ITriage>(Triage);
        Services.AddSingleton<IPublishing>(Publishing);
        Services.AddSingleton<IServiceLinks>(provider => new FleetServiceLinks(Fleet));
        Services.AddPortalClient();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", true));
    }

    /// <summary>Starts as <see cref="TestFleet.Standard"/>; tests <c>Put</c> their own views before rendering.</summary>
    protected FakeFleetView Fleet { get; } = TestFleet.Standard();

    /// <summary>Alice, the administrator, unless a test signs someone else in before rendering.</summary>
    protected InMemoryPortalAccess Access { get; set; } = new(InMemoryPortalAccess.Alice, ["dev", "stage", "prod"]);

    protected CountingDoctor Doctor { get; } = new();

    /// <summary>Nothing to deploy, unless a test sets its own before rendering.</summary>
    protected IDeployments Deployments { get; set; } = new NoDeployments();

    /// <summary>Empty until a test adds timeline items.</summary>
    protected InMemoryHistory History { get; } = new();

    /// <summary>No tokens until a test adds some; every call asks <see cref="Access"/> first.</summary>
    protected InMemoryApiTokenAdministration Tokens { get; }
    /// <summary>Empty until a test fills it (or calls <see cref="InMemoryCostView.WithStandardBill"/>); created with the access in use.</summary>
    protected InMemoryCostView Costs
    {
        get => _costs ??= new InMemoryCostView(Access);
        set => _costs = value;
    }

    protected FixedTimeProvider Clock { get; } = new(TestFleet.Now);

    /// <summary>No sites to publish until a test adds some.</summary>
    protected FakePublishing Publishing { get; } = new();

    /// <summary>
    /// Renders <typeparamref name="TComponent"/> beside a popover provider, as the layout does: menus,
    /// tooltips and selects draw their content there.
    /// </summary>
    protected IRenderedComponent<ContainerFragment> RenderWithPopovers<TComponent>()
        where TComponent : IComponent =>
        Render(builder =>
        {
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<TComponent>(1);
            builder.CloseComponent();
        });

    /// <summary>Empty (nothing to triage) until a test adds items.</summary>
    protected InMemoryTriage Triage { get; } = new();

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// The component library's services are only async-disposable; xunit disposes here first, so
    /// its later synchronous Dispose finds the container already gone.
    /// </summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();
}
