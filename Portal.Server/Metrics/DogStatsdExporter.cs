using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Portal.Server.Metrics;

/// <summary>
/// Sends the measurements of the host's "Portal.*" meters to a DogStatsD agent over UDP.
/// Recording only copies the measurement into a bounded queue: when the queue is full the
/// measurement is dropped and counted, so a slow or absent agent never holds up a request.
/// A background loop formats and sends what is queued every flush interval, and once more when
/// the host stops.
/// </summary>
public sealed partial class DogStatsdExporter : BackgroundService
{
    /// <summary>Every datagram is shorter than this, so it crosses a 1,500-byte MTU unfragmented.</summary>
    public const int DatagramLimit = 1432;

    /// <summary>Meters whose name starts with this are exported.</summary>
    public const string MeterPrefix = "Portal.";

    /// <summary>The exporter's own meter, with <c>portal.metrics.dropped</c>.</summary>
    public const string MeterName = "Portal.Metrics";

    public const string DroppedName = "portal.metrics.dropped";

    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly DogStatsdOptions _options;
    private readonly IMeterFactory _meterFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<DogStatsdExporter> _logger;
    private readonly Channel<PendingMeasurement> _queue;
    private readonly DroppedMeasurements _dropped = new();
    private readonly MeterListener _listener = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    // Touched only by a flush, which holds _flushing.
    private readonly DatagramPacker _packer = new(DatagramLimit);
    private readonly DogStatsdSender _sender;
    private readonly List<PendingMeasurement> _observed = [];
    private readonly Dictionary<string, double> _lastTotals = new(StringComparer.Ordinal);
    private readonly LogThrottle _dropWarnings;
    private readonly LogThrottle _sendWarnings;
    private long _droppedReported;
    private bool _sendFailed;
    private volatile bool _disposed;

    public DogStatsdExporter(IOptions<DogStatsdOptions> options, IMeterFactory meterFactory, TimeProvider time, ILogger<DogStatsdExporter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = options.Value;
        if (!_options.IsEnabled)
        {
            throw new InvalidOperationException($"{DogStatsdOptions.Section}:Host is empty, so the DogStatsD exporter is off and must not be created.");
        }

        _meterFactory = meterFactory;
        _time = time;
        _logger = logger;
        _sender = new DogStatsdSender(_options.Host!.Trim(), _options.Port);
        _dropWarnings = new LogThrottle(time, WarningInterval);
        _sendWarnings = new LogThrottle(time, WarningInterval);
        _queue = Channel.CreateBounded<PendingMeasurement>(
            new BoundedChannelOptions(_options.MaxQueue)
            {
                // The measurement being recorded is the one dropped: what is queued is already on its way.
                FullMode = BoundedChannelFullMode.DropWrite,
                SingleReader = true,
                SingleWriter = false,
            },
            _ => _dropped.CountQueueFull());

        // The meter belongs to the factory, which disposes it with the container.
        meterFactory.Create(MeterName).CreateObservableCounter(
            DroppedName, _dropped.Observe, unit: "{measurement}", description: "Measurements the DogStatsD exporter could not deliver, by reason.");

        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => Record(state, (double)value, tags));
    }

    /// <summary>Measurements recorded but never sent: queue full, line too large for a datagram, or the send failed.</summary>
    public long Dropped => _dropped.Total;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Listening starts before the loop, so nothing recorded from here on is missed.
        _listener.Start();
        LogStarted(_logger, _options.Host!, _options.Port, _options.FlushInterval);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_disposed)
        {
            // WebApplicationFactory disposes the services before it stops the host: nothing is left to send with.
            return;
        }

        try
        {
            // What was recorded since the last tick, including by services that stopped before this one.
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out; what is left is lost.
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Metrics must not turn a clean shutdown into a failed one.
            LogFlushCrashed(_logger, error);
        }
    }

    /// <summary>Sends everything queued now (and the observable instruments' current values).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            _sendFailed = false;
            _listener.RecordObservableInstruments();

            // Only what was queued when the flush began: under a steady stream it still ends.
            var queued = _queue.Reader.Count;
            while (queued-- > 0 && _queue.Reader.TryRead(out var measurement))
            {
                await AddAsync(Line(measurement), cancellationToken);
            }

            foreach (var measurement in _observed)
            {
                var line = ObservedLine(measurement);
                if (line is not null)
                {
                    await AddAsync(line, cancellationToken);
                }
            }

            _observed.Clear();
            await SendPackedAsync(cancellationToken);
            ReportDrops();
        }
        finally
        {
            _flushing.Release();
        }
    }

    public override void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
        _queue.Writer.TryComplete();
        _sender.Dispose();
        _flushing.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Metrics must never take the portal down; the next tick tries again.
                    LogFlushCrashed(_logger, error);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; StopAsync sends the rest.
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        // Only this host's meters: several hosts in one process (as in tests) each export their own.
        if (!ReferenceEquals(instrument.Meter.Scope, _meterFactory)
            || !instrument.Meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var exported = ExportedInstrument.For(instrument, _options.Prefix);
        if (exported is not null)
        {
            listener.EnableMeasurementEvents(instrument, exported);
        }
    }

    // Runs on the recording thread: copy and queue, nothing that can wait.
    private void Record(object? state, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (state is not ExportedInstrument instrument || !double.IsFinite(value))
        {
            return;
        }

        var measurement = new PendingMeasurement(instrument, value, tags.ToArray());
        if (instrument.IsObservable)
        {
            // Observable instruments report only inside RecordObservableInstruments, during a flush.
            _observed.Add(measurement);
            return;
        }

        _queue.Writer.TryWrite(measurement);
    }

    private static string Line(PendingMeasurement measurement) =>
        DogStatsdLine.Format(measurement.Instrument.MetricName, measurement.Value, measurement.Instrument.Type, measurement.Instrument.TagsWith(measurement.Tags));

    /// <summary>An observable counter's growth since the last flush (nothing when it did not grow); other observations as they are.</summary>
    private string? ObservedLine(PendingMeasurement measurement)
    {
        var instrument = measurement.Instrument;
        var tags = instrument.TagsWith(measurement.Tags);
        var value = measurement.Value;
        if (instrument.IsCumulative)
        {
            var series = instrument.MetricName + "|" + tags;
            var previous = _lastTotals.GetValueOrDefault(series);
            _lastTotals[series] = value;
            // A total below the last one means its source started over.
            value = value >= previous ? value - previous : value;
            if (value == 0)
            {
                return null;
            }
        }

        return DogStatsdLine.Format(instrument.MetricName, value, instrument.Type, tags);
    }

    private async Task AddAsync(string line, CancellationToken cancellationToken)
    {
        var byteCount = Encoding.UTF8.GetByteCount(line);
        if (!_packer.CanEverHold(byteCount))
        {
            _dropped.CountTooLarge();
            return;
        }

        if (!_packer.HasRoomFor(byteCount))
        {
            await SendPackedAsync(cancellationToken);
        }

        _packer.Append(line);
    }

    private async Task SendPackedAsync(CancellationToken cancellationToken)
    {
        if (_packer.IsEmpty)
        {
            return;
        }

        // After one failure the rest of this flush is counted as dropped rather than tried
        // datagram by datagram (each try may wait for a name lookup).
        if (!_sendFailed)
        {
            try
            {
                await _sender.SendAsync(_packer.Datagram, cancellationToken);
            }
            catch (SocketException error)
            {
                _sendFailed = true;
                if (_sendWarnings.Allow())
                {
                    LogSendFailed(_logger, error, _options.Host!, _options.Port, error.SocketErrorCode);
                }
            }
        }

        if (_sendFailed)
        {
            _dropped.CountSendFailed(_packer.LineCount);
        }

        _packer.Clear();
    }

    private void ReportDrops()
    {
        var total = _dropped.Total;
        if (total > _droppedReported && _dropWarnings.Allow())
        {
            LogDropped(_logger, total - _droppedReported, _dropped.QueueFull, _dropped.TooLarge, _dropped.SendFailed, _options.MaxQueue);
            _droppedReported = total;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending metrics to DogStatsD at {Host}:{Port} every {FlushInterval}")]
    private static partial void LogStarted(ILogger logger, string host, int port, TimeSpan flushInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DogStatsD exporter dropped {Count} measurements since its last report (in all: {QueueFull} with the queue full, {TooLarge} too large for a datagram, {SendFailed} not sent); Metrics:DogStatsd:MaxQueue is {MaxQueue}")]
    private static partial void LogDropped(ILogger logger, long count, long queueFull, long tooLarge, long sendFailed, int maxQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending metrics to DogStatsD at {Host}:{Port} failed ({SocketError}); the measurements of this flush are dropped")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string host, int port, SocketError socketError);

    [LoggerMessage(Level = LogLevel.Error, Message = "Flushing metrics to DogStatsD failed unexpectedly")]
    private static partial void LogFlushCrashed(ILogger logger, Exception error);
}
