using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Portal.Client.Components;

namespace Portal.Client.Tests.Components;

/// <summary>The one way pages listen to live data: on the renderer, errors to the error boundary, gone with the component.</summary>
public sealed class LiveSubscriptionTests : BunitContext
{
    [Fact]
    public void A_change_re_renders_the_component_on_its_renderer()
    {
        var source = new Source();
        var cut = Render<Listener>(p => p.Add(c => c.Source, source));

        source.Raise("prod");

        cut.WaitForAssertion(() => Assert.Equal("prod", cut.Find("#last").TextContent));
    }

    [Fact]
    public void An_error_in_a_callback_reaches_the_pages_error_boundary()
    {
        var source = new Source();
        var cut = Render<ErrorBoundary>(p => p
            .Add(b => b.ChildContent, (RenderFragment)(builder =>
            {
                builder.OpenComponent<Listener>(0);
                builder.AddAttribute(1, nameof(Listener.Source), source);
                builder.CloseComponent();
            }))
            .Add(b => b.ErrorContent, (RenderFragment<Exception>)(error => builder => builder.AddMarkupContent(0, $"<p id=\"failed\">{error.Message}</p>"))));

        source.Raise("boom");

        cut.WaitForAssertion(() => Assert.Equal("the store answered nonsense", cut.Find("#failed").TextContent));
    }

    [Fact]
    public async Task Disposing_the_component_removes_every_handler()
    {
        var source = new Source();
        Render<Listener>(p => p.Add(c => c.Source, source));
        Assert.Equal(1, source.Listeners);

        await DisposeComponentsAsync();

        Assert.Equal(0, source.Listeners);
        source.Raise("prod");
    }

    [Fact]
    public void One_clock_serves_every_listener_of_a_time_source()
    {
        var time = new Support.FixedTimeProvider(Support.TestFleet.Now);

        Assert.Same(LiveClock.Of(time), LiveClock.Of(time));
        Assert.NotSame(LiveClock.Of(time), LiveClock.Of(new Support.FixedTimeProvider(Support.TestFleet.Now)));
    }

    /// <summary>A store that publishes the name of what changed.</summary>
    public sealed class Source
    {
        private Action<string>? _changed;

        public int Listeners => _changed?.GetInvocationList().Length ?? 0;

        public event Action<string> Changed
        {
            add => _changed += value;
            remove => _changed -= value;
        }

        public void Raise(string what) => _changed?.Invoke(what);
    }

    /// <summary>Shows the last change it heard of; "boom" makes its callback throw.</summary>
    public sealed class Listener : ComponentBase, IDisposable
    {
        private LiveSubscription? _live;
        private string _last = "none";

        [Parameter]
        public Source Source { get; set; } = default!;

        public void Dispose() => _live?.Dispose();

        protected override void OnInitialized() =>
            _live = new LiveSubscription(InvokeAsync, DispatchExceptionAsync).On<string>(h => Source.Changed += h, h => Source.Changed -= h, what =>
            {
                if (what == "boom")
                {
                    throw new InvalidOperationException("the store answered nonsense");
                }

                _last = what;
                StateHasChanged();
                return Task.CompletedTask;
            });

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "p");
            builder.AddAttribute(1, "id", "last");
            builder.AddContent(2, _last);
            builder.CloseElement();
        }
    }
}
