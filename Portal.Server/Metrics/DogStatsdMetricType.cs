namespace Portal.Server.Metrics;

/// <summary>The DogStatsD metric types the exporter writes.</summary>
public enum DogStatsdMetricType
{
    /// <summary><c>|c</c>: added up by the agent.</summary>
    Count,

    /// <summary><c>|h</c>: the agent derives count, average, maximum and percentiles.</summary>
    Histogram,

    /// <summary><c>|g</c>: the last value wins.</summary>
    Gauge,
}
