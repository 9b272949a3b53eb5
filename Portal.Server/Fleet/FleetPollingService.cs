using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Instances;

namespace Portal.Server.Fleet;

/// <summary>
/// One refresh loop per environment, each on its own: a slow or failing account never holds up
/// or spoils another. A refresh whose ECS part fails keeps the last snapshot; one whose CloudWatch
/// part fails is published with fresh ECS data and the last alarms and metrics. With several
/// instances, only the holder of an environment's lease reads it; the others receive its
/// snapshots (<see cref="FleetSharing"/>) and keep ticking, ready to take over.
/// </summary>
public sealed partial class FleetPollingService(
    IEnvironmentCatalog catalog,
    FleetPoller poller,
    FleetStore store,
    IInstanceLeases leases,
    TimeProvider time,
    IOptions<PollingOptions> options,
    ILogger<FleetPollingService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(catalog.Environments.Select(environment => PollAsync(environment, stoppingToken)));

    /// <summary>Refreshes one environment once and publishes the result or the failure.</summary>
    public async Task RefreshOnceAsync(FleetEnvironment environment, CancellationToken cancellationToken)
    {
        var attemptedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            var snapshot = await poller.RefreshAsync(environment, store.Get(environment.Name).Snapshot, cancellationToken);
            store.Publish(environment.Name, snapshot, attemptedAt);
            LogRefreshed(logger, environment.Name, snapshot.Services.Count(), time.GetElapsedTime(started).TotalMilliseconds);
            if (snapshot.CloudWatch.LastError is { } cloudWatchError)
            {
                LogCloudWatchFailed(logger, environment.Name, cloudWatchError);
            }
        }
        catch (CloudException error)
        {
            store.RecordFailure(environment.Name, RefreshErrors.Describe(error), attemptedAt);
            LogRefreshFailed(logger, environment.Name, error.Service, error.Operation, error.Message);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            store.RecordFailure(environment.Name, "Unexpected error: " + error.Message, attemptedAt);
            LogRefreshCrashed(logger, error, environment.Name);
        }
    }

    /// <summary>
    /// Refreshes on every tick while this instance holds the environment's lease, and at once when
    /// it takes the lease over: the environment goes unread for as short a time as possible.
    /// </summary>
    private async Task PollAsync(FleetEnvironment environment, CancellationToken stoppingToken)
    {
        var lease = LeaseKeys.Environment(environment.Name);
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        var takenOver = NewSignal();
        void OnTaken(string key)
        {
            if (key == lease)
            {
                Volatile.Read(ref takenOver).TrySetResult();
            }
        }

        leases.Taken += OnTaken;
        try
        {
            // A tick may still be awaited when a takeover wakes the loop: PeriodicTimer allows one waiter.
            Task<bool>? tick = null;
            while (true)
            {
                if (leases.Holds(lease))
                {
                    await RefreshOnceAsync(environment, stoppingToken);
                }

                tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
                var woken = Volatile.Read(ref takenOver).Task;
                if (await Task.WhenAny(tick, woken) == woken)
                {
                    Volatile.Write(ref takenOver, NewSignal());
                    continue;
                }

                if (!await tick)
                {
                    return;
                }

                tick = null;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        finally
        {
            leases.Taken -= OnTaken;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refreshed {Environment}: {ServiceCount} services in {ElapsedMilliseconds:0} ms")]
    private static partial void LogRefreshed(ILogger logger, string environment, int serviceCount, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh of {Environment} failed at {Service}:{Operation}: {Reason}; keeping the last snapshot")]
    private static partial void LogRefreshFailed(ILogger logger, string environment, string service, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CloudWatch part of the refresh of {Environment} failed: {Reason}; keeping the last alarms and metrics")]
    private static partial void LogCloudWatchFailed(ILogger logger, string environment, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refresh of {Environment} failed unexpectedly; keeping the last snapshot")]
    private static partial void LogRefreshCrashed(ILogger logger, Exception error, string environment);
}
