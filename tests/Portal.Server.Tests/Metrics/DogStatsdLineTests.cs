using System.Text;
using Portal.Server.Metrics;

namespace Portal.Server.Tests.Metrics;

public class DogStatsdLineTests
{
    private static readonly KeyValuePair<string, object?>[] DeployTags =
    [
        new("kind", "deploy"),
        new("environment", "prod"),
        new("service", "orders-api"),
        new("outcome", "completed"),
    ];

    [Fact]
    public void A_counter_is_a_c_line_with_its_tags_in_order()
    {
        var line = DogStatsdLine.Format("portal.", "deployments", 1, DogStatsdMetricType.Count, DeployTags);

        Assert.Equal("portal.deployments:1|c|#kind:deploy,environment:prod,service:orders-api,outcome:completed", line);
    }

    [Fact]
    public void A_histogram_is_an_h_line_with_its_value_in_invariant_shortest_form()
    {
        var line = DogStatsdLine.Format("portal.", "deployment.duration", 90.25, DogStatsdMetricType.Histogram, DeployTags);

        Assert.Equal("portal.deployment.duration:90.25|h|#kind:deploy,environment:prod,service:orders-api,outcome:completed", line);
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1234567, "1234567")]
    [InlineData(-2, "-2")]
    [InlineData(1e-3, "0.001")]
    public void Values_are_written_without_culture_or_noise_digits(double value, string expected)
    {
        Assert.Equal($"x:{expected}|g", DogStatsdLine.Format(string.Empty, "x", value, DogStatsdMetricType.Gauge, []));
    }

    [Fact]
    public void A_measurement_without_tags_has_no_tag_section()
    {
        Assert.Equal("portal.queue:3|c", DogStatsdLine.Format("portal.", "queue", 3, DogStatsdMetricType.Count, []));
    }

    [Theory]
    [InlineData("portal.", "portal.deployments", "portal.deployments")]
    [InlineData("portal.", "deployments", "portal.deployments")]
    [InlineData("acme.", "portal.deployments", "acme.portal.deployments")]
    [InlineData("", "portal.deployments", "portal.deployments")]
    public void The_prefix_is_added_once(string prefix, string instrument, string expected)
    {
        Assert.Equal(expected, DogStatsdLine.MetricName(prefix, instrument));
    }

    [Fact]
    public void Names_keep_dots_and_lose_characters_the_agent_does_not_accept()
    {
        Assert.Equal("portal.cloud_calls_total_x", DogStatsdLine.MetricName("portal.", "cloud/calls-total x"));
    }

    [Fact]
    public void Tag_keys_lose_every_separator_and_values_keep_only_colons()
    {
        var tags = DogStatsdLine.Tags([new("a:b|c,d#e\nf", "x|y,z#w\r\nv:u")]);

        Assert.Equal("a_b_c_d_e_f:x_y_z_w__v:u", tags);
    }

    [Fact]
    public void A_sanitized_line_still_splits_into_exactly_its_parts()
    {
        var line = DogStatsdLine.Format("portal.", "deployments", 1, DogStatsdMetricType.Count, [new("service", "evil|1|c\n#x:1,y")]);

        Assert.DoesNotContain('\n', line);
        Assert.Equal(3, line.Split('|').Length);
        Assert.Single(line.Split('|')[2].TrimStart('#').Split(','));
    }

    [Fact]
    public void Tags_without_value_are_bare_keys_and_tags_without_key_are_left_out()
    {
        var tags = DogStatsdLine.Tags([new("canary", null), new(string.Empty, "lost"), new("ok", true), new("count", 3)]);

        Assert.Equal("canary,ok:true,count:3", tags);
    }

    [Fact]
    public void Appending_to_existing_tags_separates_with_a_comma()
    {
        var text = new StringBuilder("env:prod");

        DogStatsdLine.AppendTag(text, "service", "web");

        Assert.Equal("env:prod,service:web", text.ToString());
    }
}
