using Bunit;
using Microsoft.AspNetCore.Components;
using Portal.Client.Layout;
using Portal.Client.Tests.Support;

namespace Portal.Client.Tests.Layout;

public sealed class MainLayoutErrorTests : PortalTestContext
{
    [Fact]
    public void A_page_that_fails_says_so_in_place_and_the_bar_stays()
    {
        var cut = Render<MainLayout>(parameters => parameters.Add(layout => layout.Body, Failing.Fragment(new Failures(int.MaxValue))));

        Assert.Contains("Something went wrong", cut.Find("main .page-error").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll(".nav-drawer .env-link"));
        Assert.DoesNotContain(Failing.Secret, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_to_another_page_leaves_the_error_behind()
    {
        var cut = Render<MainLayout>(parameters => parameters.Add(layout => layout.Body, Failing.Fragment(new Failures(1))));
        Assert.NotEmpty(cut.FindAll("main .page-error"));

        Navigation.NavigateTo("environments/dev");

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("main .page-error")));
        Assert.Contains("page body", cut.Find("main").TextContent, StringComparison.Ordinal);
    }

    private sealed class Failing : ComponentBase
    {
        public const string Secret = "the page broke: detail-5d2e";

        [Parameter]
        public Failures Failures { get; set; } = default!;

        public static RenderFragment Fragment(Failures failures) => builder =>
        {
            builder.OpenComponent<Failing>(0);
            builder.AddComponentParameter(1, nameof(Failures), failures);
            builder.CloseComponent();
        };

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            if (Failures.Left-- > 0)
            {
                throw new InvalidOperationException(Secret);
            }

            builder.AddContent(0, "page body");
        }
    }

    /// <summary>How many more renders fail, kept outside the page: recovering makes a new one.</summary>
    private sealed class Failures(int left)
    {
        public int Left { get; set; } = left;
    }
}
