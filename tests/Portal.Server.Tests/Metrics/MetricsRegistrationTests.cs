using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Server.Deployments;
using Portal.Server.Metrics;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Metrics;

public class MetricsRegistrationTests
{
    [Fact]
    public void Without_a_host_the_deployment_metrics_exist_and_no_exporter_is_registered()
    {
        var services = Register(new Dictionary<string, string?> { ["Metrics:DogStatsd:Port"] = "9125" });

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(DogStatsdExporter));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IHostedService));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<DeploymentMetrics>());
        Assert.Empty(provider.GetServices<IHostedService>().OfType<DogStatsdExporter>());
    }

    [Fact]
    public void With_a_host_the_exporter_is_a_hosted_service()
    {
        using var provider = Register(new Dictionary<string, string?> { ["Metrics:DogStatsd:Host"] = "localhost" }).BuildServiceProvider();

        var exporter = Assert.Single(provider.GetServices<IHostedService>().OfType<DogStatsdExporter>());
        Assert.Same(provider.GetRequiredService<DogStatsdExporter>(), exporter);
    }

    [Fact]
    public void The_defaults_are_off_port_8125_prefix_portal_two_seconds_and_ten_thousand()
    {
        using var provider = Register([]).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DogStatsdOptions>>().Value;

        Assert.False(options.IsEnabled);
        Assert.Equal(8125, options.Port);
        Assert.Equal("portal.", options.Prefix);
        Assert.Equal(TimeSpan.FromSeconds(2), options.FlushInterval);
        Assert.Equal(10_000, options.MaxQueue);
    }

    [Theory]
    [InlineData("Port", "0")]
    [InlineData("Port", "70000")]
    [InlineData("Host", "not a host")]
    [InlineData("Prefix", "9lives.")]
    [InlineData("Prefix", "portal|")]
    [InlineData("FlushInterval", "2")]
    [InlineData("FlushInterval", "00:00:00.010")]
    [InlineData("MaxQueue", "0")]
    public void A_wrong_setting_is_refused_with_a_message_naming_the_key(string key, string value)
    {
        using var provider = Register(new Dictionary<string, string?>
        {
            ["Metrics:DogStatsd:Host"] = "127.0.0.1",
            ["Metrics:DogStatsd:" + key] = value,
        }).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DogStatsdOptions>>().Value);

        Assert.Contains("Metrics:DogStatsd:" + key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_portal_host_has_deployment_metrics_and_no_exporter_by_default()
    {
        using var portal = new PortalApplication();
        portal.CreateClient().Dispose();

        Assert.NotNull(portal.Services.GetRequiredService<DeploymentMetrics>());
        Assert.Null(portal.Services.GetService<DogStatsdExporter>());
        Assert.Empty(portal.Services.GetServices<IHostedService>().OfType<DogStatsdExporter>());
    }

    [Fact]
    public void A_bad_port_stops_the_portal_host_with_a_message_naming_the_key()
    {
        using var portal = new PortalApplication(host => host.UseSetting("Metrics:DogStatsd:Port", "70000"));

        var error = Assert.ThrowsAny<Exception>(() => portal.CreateClient());

        Assert.Contains("Metrics:DogStatsd:Port must be between 1 and 65535", error.ToString(), StringComparison.Ordinal);
    }

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalMetrics(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
