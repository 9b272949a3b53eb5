using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Portal.Server.Metrics;

/// <summary>Where the portal's metrics go as DogStatsD lines (configuration section "Metrics:DogStatsd").</summary>
public sealed partial class DogStatsdOptions : IValidatableObject
{
    public const string Section = "Metrics:DogStatsd";

    public const int MaxQueueLimit = 1_000_000;

    private static readonly TimeSpan ShortestFlushInterval = TimeSpan.FromMilliseconds(100);

    // A bare number such as "2" binds as two days; a ceiling catches that slip.
    private static readonly TimeSpan LongestFlushInterval = TimeSpan.FromMinutes(1);

    /// <summary>The agent's host name or address; the exporter is off while this is empty (the default).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 8125;

    /// <summary>Put before every metric name that does not already start with it.</summary>
    public string Prefix { get; set; } = "portal.";

    /// <summary>Time between two sends of what was recorded.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Measurements held between two flushes; more are dropped (and counted) rather than wait.</summary>
    public int MaxQueue { get; set; } = 10_000;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Whether the configuration turns the exporter on; decided before the host is built.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[$"{Section}:{nameof(Host)}"]);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsEnabled && Uri.CheckHostName(Host!.Trim()) == UriHostNameType.Unknown)
        {
            yield return new ValidationResult($"{Section}:Host must be a host name or an IP address.", [nameof(Host)]);
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult($"{Section}:Port must be between 1 and 65535.", [nameof(Port)]);
        }

        if (Prefix is null || !PrefixPattern().IsMatch(Prefix))
        {
            yield return new ValidationResult(
                $"{Section}:Prefix may hold only letters, digits, '_' and '.', and must start with a letter.", [nameof(Prefix)]);
        }

        if (FlushInterval < ShortestFlushInterval || FlushInterval > LongestFlushInterval)
        {
            yield return new ValidationResult($"{Section}:FlushInterval must be between 00:00:00.1 and 00:01:00.", [nameof(FlushInterval)]);
        }

        if (MaxQueue is < 1 or > MaxQueueLimit)
        {
            yield return new ValidationResult($"{Section}:MaxQueue must be between 1 and {MaxQueueLimit}.", [nameof(MaxQueue)]);
        }
    }

    // Empty is allowed: metric names then go out as the instruments name them.
    [GeneratedRegex("^([A-Za-z][A-Za-z0-9_.]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
