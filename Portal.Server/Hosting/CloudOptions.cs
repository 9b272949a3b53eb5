using System.ComponentModel.DataAnnotations;

namespace Portal.Server.Hosting;

/// <summary>Which world sits below the cloud ports (configuration section "Cloud").</summary>
public sealed class CloudOptions
{
    public const string Section = "Cloud";

    /// <summary>"Simulated" (the embedded organization). Real AWS accounts arrive with the AWS adapters.</summary>
    [Required]
    [RegularExpression("^Simulated$", ErrorMessage = "Cloud:Mode must be 'Simulated'; this build has no real-AWS adapters yet.")]
    public string Mode { get; set; } = "Simulated";
}
