using Bunit;
using Portal.Client.Components;
using Portal.Shared.Health;

namespace Portal.Client.Tests.Components;

public sealed class HealthBadgeTests : BunitContext
{
    [Theory]
    [InlineData(HealthLevel.Healthy, "health-healthy")]
    [InlineData(HealthLevel.Unknown, "health-unknown")]
    [InlineData(HealthLevel.Warning, "health-warning")]
    [InlineData(HealthLevel.Critical, "health-critical")]
    public void Shows_the_level_with_a_class_per_level(HealthLevel level, string levelClass)
    {
        var cut = Render<HealthBadge>(parameters => parameters.Add(p => p.Level, level));

        cut.MarkupMatches($"""<span class="health {levelClass}" title="{level}">{level}</span>""");
    }

    [Fact]
    public void Title_lists_every_reason_one_per_line()
    {
        HealthReason[] reasons =
        [
            new(HealthLevel.Critical, HealthReasonCodes.BelowDesired, "Running 0 of 3 tasks for 5 min"),
            new(HealthLevel.Warning, HealthReasonCodes.CpuHigh, "CPU at 82% (warning above 75%)"),
        ];

        var cut = Render<HealthBadge>(parameters => parameters
            .Add(p => p.Level, HealthLevel.Critical)
            .Add(p => p.Reasons, reasons));

        var badge = cut.Find("span.health");
        Assert.Equal("Running 0 of 3 tasks for 5 min\nCPU at 82% (warning above 75%)", badge.GetAttribute("title"));
        Assert.Equal("Critical", badge.TextContent);
    }

    [Fact]
    public void Title_falls_back_to_the_level_when_there_are_no_reasons()
    {
        var cut = Render<HealthBadge>(parameters => parameters
            .Add(p => p.Level, HealthLevel.Healthy)
            .Add(p => p.Reasons, Array.Empty<HealthReason>()));

        Assert.Equal("Healthy", cut.Find("span.health").GetAttribute("title"));
    }

    [Fact]
    public void Markup_comparison_notices_a_different_level()
    {
        var cut = Render<HealthBadge>(parameters => parameters.Add(p => p.Level, HealthLevel.Warning));

        Assert.Throws<HtmlEqualException>(() => cut.MarkupMatches("""<span class="health health-critical" title="Critical">Critical</span>"""));
    }
}
