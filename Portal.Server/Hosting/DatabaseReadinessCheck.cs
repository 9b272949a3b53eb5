using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Server.Persistence;

namespace Portal.Server.Hosting;

/// <summary>
/// Ready only while the portal's database answers: an EXISTS query on a portal table (so a SQLite
/// file that was swapped for an empty one fails too) within <see cref="Timeout"/>. The answer is
/// kept for <see cref="Reuse"/>, so a load balancer's probes from several targets cost one query.
/// The probe is anonymous, so it says only that the database cannot be reached; which database
/// and why go to the log.
/// </summary>
internal sealed partial class DatabaseReadinessCheck(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<DatabaseOptions> database,
    TimeProvider time,
    ILogger<DatabaseReadinessCheck> logger) : IHealthCheck, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private volatile Answer? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (FreshAnswer() is { } fresh)
        {
            return fresh;
        }

        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            // Another probe may have asked while this one waited.
            if (FreshAnswer() is { } justAsked)
            {
                return justAsked;
            }

            var result = await AskAsync(cancellationToken);
            _last = new Answer(result, time.GetUtcNow());
            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private HealthCheckResult? FreshAnswer() =>
        _last is { } last && time.GetUtcNow() - last.At < Reuse ? last.Result : null;

    private async Task<HealthCheckResult> AskAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await using var context = await contexts.CreateDbContextAsync(either.Token);
            await context.ApiTokens.AnyAsync(either.Token);
            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogNoAnswer(logger, database.Value.Describe(), Timeout.TotalSeconds);
            return HealthCheckResult.Unhealthy($"The database did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Whatever the provider throws (no file, connection refused, missing table), the instance cannot serve.
            LogUnreachable(logger, error, database.Value.Describe());
            return HealthCheckResult.Unhealthy("The database cannot be reached; the portal's log says why.");
        }
    }

    private sealed record Answer(HealthCheckResult Result, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Database} did not answer within {Seconds} s")]
    private static partial void LogNoAnswer(ILogger logger, string database, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not ready: {Database} cannot be reached")]
    private static partial void LogUnreachable(ILogger logger, Exception error, string database);
}
