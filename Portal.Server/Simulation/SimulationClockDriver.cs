using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

/// <summary>Moves the simulated organization along with the host's clock, once a second.</summary>
internal sealed partial class SimulationClockDriver(SimulatedWorld world, TimeProvider time, ILogger<SimulationClockDriver> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                world.AdvanceTo(time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopped(logger, world.Now);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated organization stopped at {WorldTime}")]
    private static partial void LogStopped(ILogger logger, DateTimeOffset worldTime);
}
