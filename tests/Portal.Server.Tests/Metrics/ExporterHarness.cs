using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Server.Metrics;

namespace Portal.Server.Tests.Metrics;

/// <summary>
/// AddPortalMetrics in a container of its own, its exporter started and pointed at a
/// <see cref="UdpAgent"/>. The flush interval is a minute, so lines leave only when the test flushes.
/// </summary>
internal sealed class ExporterHarness : IAsyncDisposable
{
    private readonly UdpAgent _agent;
    private int _collected;
    private int _sentinels;

    private ExporterHarness(UdpAgent agent, ServiceProvider services, ListLoggerProvider logs)
    {
        _agent = agent;
        Services = services;
        Logs = logs;
        Exporter = services.GetRequiredService<DogStatsdExporter>();
        Meter = services.GetRequiredService<IMeterFactory>().Create("Portal.Tests");
    }

    public ServiceProvider Services { get; }

    public DogStatsdExporter Exporter { get; }

    public ListLoggerProvider Logs { get; }

    /// <summary>A meter of this container whose name the exporter listens to.</summary>
    public Meter Meter { get; }

    public static async Task<ExporterHarness> StartAsync(
        UdpAgent agent, IDictionary<string, string?>? settings = null, TimeProvider? time = null, int? port = null)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["Metrics:DogStatsd:Host"] = "127.0.0.1",
            ["Metrics:DogStatsd:Port"] = (port ?? agent.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Metrics:DogStatsd:FlushInterval"] = "00:01:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddPortalMetrics(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        var harness = new ExporterHarness(agent, services.BuildServiceProvider(), logs);
        await harness.Exporter.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>
    /// Flushes, then flushes a marker line and waits for it: UDP on loopback keeps the order, so
    /// once the marker is in, everything of the first flush is too. Returns the lines received
    /// since the last call, without the marker.
    /// </summary>
    public async Task<IReadOnlyList<string>> FlushAndCollectAsync()
    {
        await Exporter.FlushAsync(CancellationToken.None);
        var marker = "portal.tests.marker" + ++_sentinels;
        Meter.CreateCounter<int>(marker).Add(1);
        await Exporter.FlushAsync(CancellationToken.None);
        await _agent.WaitForLineAsync(marker + ":");

        var lines = _agent.Lines;
        var fresh = lines.Skip(_collected).ToList();
        _collected = lines.Count;
        return fresh.Where(line => !line.StartsWith(marker + ":", StringComparison.Ordinal)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Exporter.StopAsync(CancellationToken.None);
        await Services.DisposeAsync();
    }
}
