using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Portal.Server.Persistence;

/// <summary>
/// Brings the schema up to date when the host starts, before anything reads it. EF Core takes a
/// lock for the run, so several instances starting together against PostgreSQL apply each
/// migration once.
/// </summary>
public sealed partial class DatabaseMigrator(
    IDbContextFactory<PortalDbContext> contexts,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Applies every pending migration; returns their names, oldest first.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var database = options.Value.Describe();
        try
        {
            if (options.Value.SqliteDirectory() is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await using var context = await contexts.CreateDbContextAsync(cancellationToken);
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                LogUpToDate(logger, database);
                return [];
            }

            LogApplying(logger, database, pending.Count, string.Join(", ", pending));
            await context.Database.MigrateAsync(cancellationToken);
            LogApplied(logger, database, pending.Count, string.Join(", ", pending));
            return pending;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new DatabaseStartupException(
                $"The database could not be prepared ({database}); check Database:ConnectionString (and Database:Provider). {error.GetBaseException().Message}",
                error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database up to date: {Database}")]
    private static partial void LogUpToDate(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} migration(s) to {Database}: {Migrations}")]
    private static partial void LogApplying(ILogger logger, string database, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s) to {Database}: {Migrations}")]
    private static partial void LogApplied(ILogger logger, string database, int count, string migrations);
}

/// <summary>The database could not be reached or migrated; the host stops with this message.</summary>
public sealed class DatabaseStartupException(string message, Exception inner) : Exception(message, inner);
