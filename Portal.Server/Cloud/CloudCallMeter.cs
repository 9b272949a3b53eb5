using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Portal.Server.Cloud;

/// <summary>
/// Counts every cloud call by service, operation and outcome: as a System.Diagnostics.Metrics
/// counter for exporters, and as running totals the doctor page, tests and benchmarks read.
/// </summary>
public sealed class CloudCallMeter : IDisposable
{
    public const string MeterName = "Portal.Cloud";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly ConcurrentDictionary<CloudCallKey, long> _retryTotals = new();
    private readonly ConcurrentDictionary<CloudCallKey, long> _totals = new();

    public CloudCallMeter(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _calls = _meter.CreateCounter<long>("portal.cloud.calls", description: "Cloud API calls by service, operation and outcome.");
        _duration = _meter.CreateHistogram<double>("portal.cloud.call.duration", unit: "ms");
        _retries = _meter.CreateCounter<long>("portal.cloud.retries", description: "Cloud API attempts retried, by service, operation and reason.");
    }

    public async Task<T> MeasureAsync<T>(string service, string operation, Func<Task<T>> call)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "success";
        try
        {
            return await call();
        }
        catch (CloudException error)
        {
            outcome = error.Outcome;
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "cancelled";
            throw;
        }
        catch
        {
            outcome = "error";
            throw;
        }
        finally
        {
            Record(new CloudCallKey(service, operation, outcome), System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private void Record(CloudCallKey key, TimeSpan elapsed)
    {
        _totals.AddOrUpdate(key, 1, (_, count) => count + 1);
        var tags = new TagList { { "service", key.Service }, { "operation", key.Operation }, { "outcome", key.Outcome } };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
    }

    /// <summary>
    /// Counts an attempt that failed and is tried again, by the failure's outcome tag: throttled or
    /// unavailable (server error, timeout, broken or unreadable answer), or credentials-expired and
    /// clock-skew when the next attempt heals the credentials or the clock.
    /// </summary>
    public void RecordRetry(string service, string operation, string reason)
    {
        var key = new CloudCallKey(service, operation, reason);
        _retryTotals.AddOrUpdate(key, 1, (_, count) => count + 1);
        _retries.Add(1, new TagList { { "service", service }, { "operation", operation }, { "reason", reason } });
    }

    /// <summary>Retries so far, per service, operation and reason.</summary>
    public IReadOnlyDictionary<CloudCallKey, long> RetryTotals() => new Dictionary<CloudCallKey, long>(_retryTotals);

    /// <summary>Calls made so far, per service, operation and outcome.</summary>
    public IReadOnlyDictionary<CloudCallKey, long> Totals() => new Dictionary<CloudCallKey, long>(_totals);

    /// <summary>Calls made so far to one operation, whatever their outcome.</summary>
    public long Count(string service, string operation) =>
        _totals.Where(t => t.Key.Service == service && t.Key.Operation == operation).Sum(t => t.Value);

    public long TotalCount() => _totals.Values.Sum();

    public void Dispose() => _meter.Dispose();
}

public readonly record struct CloudCallKey(string Service, string Operation, string Outcome);
