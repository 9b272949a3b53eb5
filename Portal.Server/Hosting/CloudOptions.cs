using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Hosting;

/// <summary>Which world sits below the cloud ports (configuration section "Cloud").</summary>
public sealed class CloudOptions
{
    public const string Section = "Cloud";

    public const string Simulated = "Simulated";
    public const string Aws = "Aws";

    /// <summary>"Simulated" (the embedded organization, the default) or "Aws" (the accounts under Aws:Environments).</summary>
    [Required]
    [RegularExpression("^(Simulated|Aws)$", ErrorMessage = "Cloud:Mode must be 'Simulated' or 'Aws'.")]
    public string Mode { get; set; } = Simulated;

    public static bool IsAws(IConfiguration configuration) =>
        string.Equals(configuration[$"{Section}:{nameof(Mode)}"], Aws, StringComparison.OrdinalIgnoreCase);
}
