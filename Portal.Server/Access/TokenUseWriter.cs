using Portal.Server.Persistence;

namespace Portal.Server.Access;

/// <summary>
/// Writes the noted uses of API tokens (<see cref="TokenUses"/>) to the database every
/// <see cref="FlushInterval"/>, away from the requests that noted them: a slow or locked database
/// delays a token's last use, never a caller. When the host stops, whatever is pending is written.
/// </summary>
public sealed partial class TokenUseWriter(TokenUses uses, ApiTokenStore tokens, TimeProvider time, ILogger<TokenUseWriter> logger)
    : BackgroundService
{
    /// <summary>How often pending uses are looked at; a token's last use is at most <see cref="TokenUses.WriteGap"/> plus this behind.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(10);

    /// <summary>Writes the uses that are due now; a failure is logged and the uses wait for the next round.</summary>
    public async Task WriteDueAsync(CancellationToken cancellationToken)
    {
        var due = uses.TakeDue();
        if (due.Count > 0)
        {
            await WriteAsync(due, cancellationToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var pending = uses.TakeAll();
        if (pending.Count > 0)
        {
            await WriteAsync(pending, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await WriteDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    private async Task WriteAsync(IReadOnlyList<TokenUse> batch, CancellationToken cancellationToken)
    {
        try
        {
            await tokens.MarkUsedAsync(batch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping mid-write: kept for the last write in StopAsync.
            uses.Return(batch);
        }
        catch (Exception error)
        {
            // Any failure of the database: the uses are only bookkeeping, so they wait for the next round.
            uses.Return(batch);
            LogWriteFailed(logger, error, batch.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of {Count} API tokens; trying again later")]
    private static partial void LogWriteFailed(ILogger logger, Exception error, int count);
}
