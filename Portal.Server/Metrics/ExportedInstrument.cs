using System.Diagnostics.Metrics;
using System.Text;

namespace Portal.Server.Metrics;

/// <summary>
/// What the exporter needs to know about one instrument, worked out once when it is published:
/// the metric name, the DogStatsD type and the meter's and instrument's own tags.
/// </summary>
internal sealed class ExportedInstrument
{
    private ExportedInstrument(string metricName, DogStatsdMetricType type, bool isObservable, bool isCumulative, string fixedTags)
    {
        MetricName = metricName;
        Type = type;
        IsObservable = isObservable;
        IsCumulative = isCumulative;
        FixedTags = fixedTags;
    }

    public string MetricName { get; }

    public DogStatsdMetricType Type { get; }

    /// <summary>Read only when the exporter asks, during a flush.</summary>
    public bool IsObservable { get; }

    /// <summary>An observable counter reports its running total; the agent must be sent what it grew by.</summary>
    public bool IsCumulative { get; }

    /// <summary>Tags every measurement carries (the meter's, then the instrument's), already cleaned.</summary>
    public string FixedTags { get; }

    /// <summary>The instrument as the exporter sends it, or null for a kind DogStatsD has no type for.</summary>
    public static ExportedInstrument? For(Instrument instrument, string prefix)
    {
        var kind = instrument.GetType();
        if (!kind.IsGenericType)
        {
            return null;
        }

        var definition = kind.GetGenericTypeDefinition();
        (DogStatsdMetricType Type, bool Cumulative)? mapping = definition switch
        {
            _ when definition == typeof(Counter<>) => (DogStatsdMetricType.Count, false),
            // DogStatsD counts may be negative, so an up-down counter's steps add up at the agent.
            _ when definition == typeof(UpDownCounter<>) => (DogStatsdMetricType.Count, false),
            _ when definition == typeof(Histogram<>) => (DogStatsdMetricType.Histogram, false),
            _ when definition == typeof(Gauge<>) => (DogStatsdMetricType.Gauge, false),
            _ when definition == typeof(ObservableCounter<>) => (DogStatsdMetricType.Count, true),
            // An observed up-down total is a level (a queue's length), not a flow.
            _ when definition == typeof(ObservableUpDownCounter<>) => (DogStatsdMetricType.Gauge, false),
            _ when definition == typeof(ObservableGauge<>) => (DogStatsdMetricType.Gauge, false),
            _ => null,
        };
        if (mapping is not { } found)
        {
            return null;
        }

        var tags = new StringBuilder();
        foreach (var (key, value) in instrument.Meter.Tags ?? [])
        {
            DogStatsdLine.AppendTag(tags, key, value);
        }

        foreach (var (key, value) in instrument.Tags ?? [])
        {
            DogStatsdLine.AppendTag(tags, key, value);
        }

        return new ExportedInstrument(
            DogStatsdLine.MetricName(prefix, instrument.Name), found.Type, instrument.IsObservable, found.Cumulative, tags.ToString());
    }

    /// <summary>The tags of one measurement after the fixed ones.</summary>
    public string TagsWith(KeyValuePair<string, object?>[] measurementTags)
    {
        if (measurementTags.Length == 0)
        {
            return FixedTags;
        }

        var tags = new StringBuilder(FixedTags);
        foreach (var (key, value) in measurementTags)
        {
            DogStatsdLine.AppendTag(tags, key, value);
        }

        return tags.ToString();
    }
}
