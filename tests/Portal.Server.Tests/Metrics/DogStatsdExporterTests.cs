using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Portal.Server.Deployments;
using Portal.Server.Metrics;
using Portal.Server.Tests.Support;

namespace Portal.Server.Tests.Metrics;

public sealed class DogStatsdExporterTests : IDisposable
{
    private readonly UdpAgent _agent = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task Finished_and_refused_deployments_reach_the_agent_as_counts_and_a_duration_histogram()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent);
        var metrics = harness.Services.GetRequiredService<DeploymentMetrics>();

        metrics.Finished(DeploymentKinds.Deploy, "prod", "orders-api", DeploymentOutcomes.RolledBack, TimeSpan.FromSeconds(90.5));
        metrics.Refused(DeploymentKinds.Rollback, "stage", "catalog-api");
        var lines = await harness.FlushAndCollectAsync();

        Assert.Equal(
            [
                "portal.deployments:1|c|#kind:deploy,environment:prod,service:orders-api,outcome:rolled-back",
                "portal.deployment.duration:90.5|h|#kind:deploy,environment:prod,service:orders-api,outcome:rolled-back",
                "portal.deployments:1|c|#kind:rollback,environment:stage,service:catalog-api,outcome:refused",
            ],
            lines);
    }

    [Fact]
    public async Task Two_thousand_measurements_arrive_exactly_once_in_datagrams_under_1432_bytes()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent);
        var counter = harness.Meter.CreateCounter<long>("portal.tests.batch");
        var expected = new List<string>();
        for (var i = 0; i < 2000; i++)
        {
            counter.Add(i, new KeyValuePair<string, object?>("n", i), new KeyValuePair<string, object?>("service", "orders-api"));
            expected.Add($"portal.tests.batch:{i}|c|#n:{i},service:orders-api");
        }

        var lines = await harness.FlushAndCollectAsync();

        Assert.Equal(expected, lines);
        var datagrams = _agent.Datagrams;
        Assert.True(datagrams.Count > 50, $"only {datagrams.Count} datagrams");
        Assert.All(datagrams, datagram => Assert.True(datagram.Length < 1432, $"a datagram of {datagram.Length} bytes"));
        // Packed, not one line each: all but the last of the batch come close to the limit.
        Assert.True(datagrams.Take(datagrams.Count - 2).All(d => d.Length > 1432 - 60));
        Assert.Equal(0, harness.Exporter.Dropped);
    }

    [Fact]
    public async Task A_line_too_large_for_any_datagram_is_dropped_and_counted_and_the_rest_still_go()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent);
        var counter = harness.Meter.CreateCounter<int>("portal.tests.size");

        counter.Add(1, new KeyValuePair<string, object?>("size", "small"));
        counter.Add(1, new KeyValuePair<string, object?>("size", new string('x', 1500)));
        counter.Add(2, new KeyValuePair<string, object?>("size", "small"));
        var lines = await harness.FlushAndCollectAsync();

        Assert.Equal(["portal.tests.size:1|c|#size:small", "portal.tests.size:2|c|#size:small"], lines.Take(2));
        Assert.Equal(1, harness.Exporter.Dropped);
        Assert.Contains("portal.metrics.dropped:1|c|#reason:too-large", lines);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_what_does_not_fit_without_waiting_for_a_flush()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent, new Dictionary<string, string?> { ["Metrics:DogStatsd:MaxQueue"] = "10" });
        var counter = harness.Meter.CreateCounter<int>("portal.tests.queue");

        // On this thread, with nothing draining the queue: were recording to wait for room, this would never return.
        for (var i = 0; i < 100; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("n", i));
        }

        Assert.Equal(90, harness.Exporter.Dropped);
        var lines = await harness.FlushAndCollectAsync();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"portal.tests.queue:1|c|#n:{i}"), lines.Take(10));
        Assert.Equal(["portal.metrics.dropped:90|c|#reason:queue-full"], lines.Skip(10));
    }

    [Fact]
    public async Task Drops_are_reported_in_the_log_at_most_once_a_minute()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var harness = await ExporterHarness.StartAsync(_agent, new Dictionary<string, string?> { ["Metrics:DogStatsd:MaxQueue"] = "1" }, clock);
        var counter = harness.Meter.CreateCounter<int>("portal.tests.noisy");
        async Task OverflowAndFlush()
        {
            counter.Add(1);
            counter.Add(1);
            await harness.Exporter.FlushAsync(CancellationToken.None);
        }

        await OverflowAndFlush();
        clock.Advance(TimeSpan.FromSeconds(30));
        await OverflowAndFlush();
        Assert.Single(harness.Logs.Warnings("dropped"));

        clock.Advance(TimeSpan.FromSeconds(30));
        await OverflowAndFlush();
        var warnings = harness.Logs.Warnings("dropped");
        Assert.Equal(2, warnings.Count);
        Assert.Contains("dropped 2 measurements since its last report", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_this_containers_Portal_meters_are_exported()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent);
        using var otherContainer = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var foreignPortalMeter = otherContainer.GetRequiredService<IMeterFactory>().Create("Portal.Tests");
        var ownOtherMeter = harness.Services.GetRequiredService<IMeterFactory>().Create("Other.Tests");

        foreignPortalMeter.CreateCounter<int>("portal.tests.foreign").Add(1);
        ownOtherMeter.CreateCounter<int>("portal.tests.other").Add(1);
        harness.Meter.CreateCounter<int>("portal.tests.own").Add(1);
        var lines = await harness.FlushAndCollectAsync();

        Assert.Equal(["portal.tests.own:1|c"], lines);
    }

    [Fact]
    public async Task Observable_counters_send_their_growth_and_gauges_their_value()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent);
        long total = 5;
        var level = 7.5;
        harness.Meter.CreateObservableCounter("portal.tests.total", () => total);
        harness.Meter.CreateObservableGauge("portal.tests.level", () => level);

        var first = await harness.FlushAndCollectAsync();
        total = 8;
        level = 2;
        var second = await harness.FlushAndCollectAsync();

        Assert.Contains("portal.tests.total:5|c", first);
        Assert.Contains("portal.tests.level:7.5|g", first);
        Assert.Contains("portal.tests.total:3|c", second);
        Assert.Contains("portal.tests.level:2|g", second);
    }

    [Fact]
    public async Task Updown_counters_histograms_and_every_number_type_are_exported()
    {
        await using var harness = await ExporterHarness.StartAsync(_agent);

        harness.Meter.CreateUpDownCounter<short>("portal.tests.inflight").Add(-1);
        harness.Meter.CreateHistogram<float>("portal.tests.float").Record(0.5f);
        harness.Meter.CreateHistogram<decimal>("portal.tests.decimal").Record(1.25m);
        harness.Meter.CreateCounter<byte>("portal.tests.byte").Add(4);
        harness.Meter.CreateHistogram<double>("portal.tests.nan").Record(double.NaN);
        var lines = await harness.FlushAndCollectAsync();

        Assert.Equal(["portal.tests.inflight:-1|c", "portal.tests.float:0.5|h", "portal.tests.decimal:1.25|h", "portal.tests.byte:4|c"], lines);
    }

    [Fact]
    public async Task An_agent_that_refuses_is_logged_and_counted_not_thrown()
    {
        int closedPort;
        using (var closed = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            closedPort = ((IPEndPoint)closed.Client.LocalEndPoint!).Port;
        }

        await using var harness = await ExporterHarness.StartAsync(_agent, port: closedPort);
        var counter = harness.Meter.CreateCounter<int>("portal.tests.refused");

        // The first datagram goes out; the port-unreachable answer makes a later send fail.
        for (var flush = 0; flush < 5 && harness.Exporter.Dropped == 0; flush++)
        {
            for (var i = 0; i < 200; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("n", i));
            }

            await harness.Exporter.FlushAsync(CancellationToken.None);
        }

        Assert.True(harness.Exporter.Dropped > 0);
        Assert.Single(harness.Logs.Warnings("failed (ConnectionRefused)"));
    }

    [Fact]
    public async Task Stopping_sends_what_was_recorded_since_the_last_flush()
    {
        var harness = await ExporterHarness.StartAsync(_agent);
        harness.Meter.CreateCounter<int>("portal.tests.last").Add(1);

        await harness.DisposeAsync();

        await _agent.WaitForLineAsync("portal.tests.last:1|c");
    }

    [Fact]
    public async Task In_the_portal_host_the_exporter_sends_on_its_own_every_flush_interval()
    {
        await using var portal = new PortalApplication(host => host
            .UseSetting("Metrics:DogStatsd:Host", "127.0.0.1")
            .UseSetting("Metrics:DogStatsd:Port", _agent.Port.ToString(CultureInfo.InvariantCulture))
            .UseSetting("Metrics:DogStatsd:FlushInterval", "00:00:00.1"));
        portal.CreateClient().Dispose();

        portal.Services.GetRequiredService<DeploymentMetrics>()
            .Finished(DeploymentKinds.Deploy, "dev", "checkout-web", DeploymentOutcomes.Completed, TimeSpan.FromSeconds(42));

        await _agent.WaitForLineAsync("portal.deployment.duration:42|h|#kind:deploy,environment:dev,service:checkout-web,outcome:completed");
    }
}
