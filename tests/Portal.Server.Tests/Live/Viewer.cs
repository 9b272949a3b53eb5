// BL0006: a test that stands in for circuits has to be a renderer, the one thing those types are for.
#pragma warning disable BL0006
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace Portal.Server.Tests.Live;

/// <summary>
/// One connected viewer, as a circuit holds one: its own service scope (who they are, their
/// personal fleet view, triage, deployments) and an interactive renderer that keeps the page alive
/// until disposed. Renders are counted, not drawn; errors are kept for the test to look at.
/// </summary>
internal sealed class Viewer : Renderer
{
    private readonly IServiceScope _scope;
    private readonly List<Exception> _errors = [];
    private int _renders;

    public Viewer(IServiceScope scope)
        : base(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>())
    {
        _scope = scope;
    }

    public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

    public int Renders => Volatile.Read(ref _renders);

    public IReadOnlyList<Exception> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    protected override RendererInfo RendererInfo { get; } = new("Server", true);

    public Task OpenAsync<TPage>(IReadOnlyDictionary<string, object?> parameters)
        where TPage : IComponent =>
        Dispatcher.InvokeAsync(async () =>
        {
            var page = InstantiateComponent(typeof(TPage));
            var id = AssignRootComponentId(page);
            await RenderRootComponentAsync(id, ParameterView.FromDictionary(parameters.ToDictionary()));
        });

    /// <summary>Closes the viewer's page, as closing the tab ends its circuit.</summary>
    public async ValueTask CloseAsync()
    {
        await DisposeAsync();

        // The component library's services can only be disposed asynchronously.
        if (_scope is IAsyncDisposable scope)
        {
            await scope.DisposeAsync();
        }
        else
        {
            _scope.Dispose();
        }
    }

    /// <summary>Lets every change already handed to this viewer run to its end.</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < 3; i++)
        {
            await Dispatcher.InvokeAsync(() => { });
        }
    }

    protected override void HandleException(Exception exception)
    {
        lock (_errors)
        {
            _errors.Add(exception);
        }
    }

    protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
    {
        Interlocked.Increment(ref _renders);
        return Task.CompletedTask;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
    }
}

/// <summary>No browser behind the viewers: script calls (charts, grids) answer nothing.</summary>
internal sealed class SilentJSRuntime : IJSRuntime
{
    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => ValueTask.FromResult(default(TValue)!);
}

/// <summary>The address a viewer's page was opened at; navigating (a filter) stays on the page.</summary>
internal sealed class ViewerNavigation : NavigationManager
{
    public ViewerNavigation() => Initialize("http://localhost/", "http://localhost/");

    protected override void NavigateToCore(string uri, NavigationOptions options) => Uri = ToAbsoluteUri(uri).ToString();
}
