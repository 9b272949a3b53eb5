namespace Portal.Server.Metrics;

/// <summary>A measurement waiting for the next flush; it is formatted there, off the recording thread.</summary>
internal readonly record struct PendingMeasurement(ExportedInstrument Instrument, double Value, KeyValuePair<string, object?>[] Tags);
