using Microsoft.Extensions.Options;
using Portal.Server.Cloud;
using Portal.Server.Fleet;
using Portal.Server.Instances;
using Portal.Server.Persistence;

namespace Portal.Server.Costs;

/// <summary>
/// Keeps the cost cache filled: on start when it is empty, then whenever the last refresh is older
/// than <see cref="CostOptions.RefreshInterval"/>, and when an administrator asks (not more often than
/// <see cref="CostOptions.ManualRefreshCooldown"/>). One refresh at a time; each is recorded with
/// the number of Cost Explorer requests it made. With several instances the schedule runs on the
/// holder of the Cost Explorer account's lease only (each request is charged); an administrator's
/// refresh runs where it was asked for, behind the same cooldown read from the database.
/// </summary>
public sealed partial class CostRefreshService(
    CostFetcher fetcher,
    CostStore store,
    CostCache cache,
    CostExplorerAccount account,
    IEnvironmentCatalog catalog,
    IInstanceLeases leases,
    TimeProvider time,
    IOptions<CostOptions> options,
    ILogger<CostRefreshService> logger) : BackgroundService
{
    public const string ScheduleTrigger = "schedule";

    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>When the schedule next asks Cost Explorer, given what the cache holds.</summary>
    public DateTimeOffset? NextRefreshAt(CostSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (account.Caller is null)
        {
            return null;
        }

        var settings = options.Value;
        var due = snapshot.RefreshedAt is { } refreshed ? refreshed + settings.RefreshInterval : DateTimeOffset.MinValue;
        if (snapshot.LastError is not null && snapshot.LastAttemptAt is { } failed && failed + settings.RetryAfterFailure > due)
        {
            due = failed + settings.RetryAfterFailure;
        }

        return due;
    }

    /// <summary>Refreshes when the schedule says it is time; otherwise does nothing (no Cost Explorer request).</summary>
    public async Task<CostRefreshOutcome> RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        // Another instance sharing the database may have refreshed since this one last looked.
        var snapshot = await cache.ReloadAsync(cancellationToken);
        return NextRefreshAt(snapshot) is { } due && due <= time.GetUtcNow()
            ? await RefreshAsync(ScheduleTrigger, cooldown: null, cancellationToken)
            : CostRefreshOutcome.NotDue;
    }

    /// <summary>An administrator's "refresh now": refused within the cooldown of the last refresh.</summary>
    public Task<CostRefreshOutcome> RefreshRequestedAsync(string requestedBy, CancellationToken cancellationToken) =>
        RefreshAsync(requestedBy, options.Value.ManualRefreshCooldown, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (account.Caller is null)
        {
            LogNotConfigured(logger, account.NotConfigured ?? "no Cost Explorer account");
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await WaitAfterRoundAsync(stoppingToken);
                await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    /// <summary>
    /// One round of the schedule, and how long until the next. A database that cannot be read
    /// (down for a moment) is tried again a minute later rather than stopping the host with it.
    /// </summary>
    private async Task<TimeSpan> WaitAfterRoundAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!leases.Holds(LeaseKeys.Costs(account.Caller!.AccountId)))
            {
                // Another instance keeps the schedule; look again soon, to take over if it goes.
                return TimeSpan.FromSeconds(1);
            }

            await RefreshIfDueAsync(stoppingToken);
            var next = NextRefreshAt(await cache.GetAsync(stoppingToken)) ?? time.GetUtcNow() + options.Value.RefreshInterval;
            return next - time.GetUtcNow();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            LogRoundFailed(logger, error);
            return TimeSpan.FromMinutes(1);
        }
    }

    private async Task<CostRefreshOutcome> RefreshAsync(string trigger, TimeSpan? cooldown, CancellationToken cancellationToken)
    {
        if (account.Caller is not { } caller)
        {
            return new CostRefreshOutcome(false, 0, "Costs are not read: " + (account.NotConfigured ?? "no Cost Explorer account is configured."));
        }

        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var startedAt = time.GetUtcNow();
            if (cooldown is { } wait && (await cache.GetAsync(cancellationToken)).RefreshedAt is { } last && last + wait > startedAt)
            {
                return new CostRefreshOutcome(false, 0,
                    $"Costs were refreshed {(int)(startedAt - last).TotalMinutes} minutes ago; Cost Explorer charges per request, so the next refresh is possible after {(last + wait).UtcDateTime:HH:mm} UTC.");
            }

            var accountIds = catalog.Environments.Select(e => e.Info.AccountId).Distinct(StringComparer.Ordinal).ToList();
            var record = new CostRefreshRecord { StartedAt = startedAt, Trigger = trigger };
            try
            {
                var fetch = await fetcher.FetchAsync(caller, accountIds, startedAt, cancellationToken);
                record.Requests = fetch.Requests;
                record.Succeeded = true;
                record.FinishedAt = time.GetUtcNow();
                await store.SaveAsync(fetch.Lines, record, cancellationToken);
                LogRefreshed(logger, trigger, fetch.Lines.Count, fetch.Requests);
                return new CostRefreshOutcome(true, fetch.Requests, $"Costs refreshed with {fetch.Requests} Cost Explorer requests.");
            }
            catch (Exception error) when (error is CloudException or CostRequestBudgetExceededException)
            {
                record.Error = error is CloudException cloud ? $"{cloud.Service}:{cloud.Operation} failed: {cloud.Message}" : error.Message;
                record.FinishedAt = time.GetUtcNow();
                await store.RecordFailureAsync(record, cancellationToken);
                LogRefreshFailed(logger, trigger, record.Error);
                return new CostRefreshOutcome(false, record.Requests, "The refresh failed; the last costs stay. " + record.Error);
            }
            finally
            {
                await cache.ReloadAsync(cancellationToken);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public override void Dispose()
    {
        _refreshing.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Costs refreshed ({Trigger}): {LineCount} amounts from {Requests} Cost Explorer requests")]
    private static partial void LogRefreshed(ILogger logger, string trigger, int lineCount, int requests);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cost refresh ({Trigger}) failed; keeping the last costs: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string trigger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cost schedule could not read its state; trying again in a minute")]
    private static partial void LogRoundFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Costs are not read: {Reason}")]
    private static partial void LogNotConfigured(ILogger logger, string reason);
}

/// <summary>How one refresh went: whether new costs are in, the Cost Explorer requests it made, and a sentence for people.</summary>
public sealed record CostRefreshOutcome(bool Refreshed, int Requests, string Message)
{
    public static CostRefreshOutcome NotDue { get; } = new(false, 0, "Not due.");
}
