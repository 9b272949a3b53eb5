using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Simulation;

/// <summary>Settings of the embedded simulated AWS organization (configuration section "Simulation").</summary>
public sealed class SimulationOptions
{
    public const string Section = "Simulation";

    /// <summary>Folder holding the seed JSON files; relative paths are resolved against the app's folder.</summary>
    [Required]
    public string SeedDirectory { get; set; } = "Simulation/Seed";

    /// <summary>How many times faster than real ECS tasks start, pass health checks and drain.</summary>
    [Range(0.1, 1000)]
    public double Speed { get; set; } = 1;

    /// <summary>
    /// How many one-minute datapoints in a row the simulated alarms need breaching before ALARM, and
    /// clear before OK, as CloudWatch's EvaluationPeriods. Metrics move one datapoint a minute of the
    /// simulated clock whatever <see cref="Speed"/> is, so a lower number is how a demo or a test sees an alarm trip and clear sooner.
    /// </summary>
    [Range(1, 10)]
    public int AlarmEvaluationPeriods { get; set; } = 3;

    /// <summary>Seed of the world's randomness: the same seed and clock give the same world.</summary>
    public int RandomSeed { get; set; } = 20261122;
}
