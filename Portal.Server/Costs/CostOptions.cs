using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Portal.Server.Costs;

/// <summary>How the portal reads and caches Cost Explorer (configuration section "Costs").</summary>
public sealed partial class CostOptions : IValidatableObject
{
    public const string Section = "Costs";

    /// <summary>Cost Explorer is asked at most this often on schedule (it charges per request and updates a few times a day).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>After a failed refresh, the next scheduled attempt waits this long.</summary>
    public TimeSpan RetryAfterFailure { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>An administrator's "refresh now" is refused this soon after the last refresh.</summary>
    public TimeSpan ManualRefreshCooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A refresh that would need more Cost Explorer requests (pages and forecasts) than this stops and keeps the last answers.</summary>
    [Range(1, 1000)]
    public int MaxRequestsPerRefresh { get; set; } = 40;

    /// <summary>The cost allocation tag that names a cost's ECS service (ECS's own managed tag, or a team's tag).</summary>
    [Required]
    [StringLength(128, MinimumLength = 1)]
    public string EcsServiceTagKey { get; set; } = "aws:ecs:serviceName";

    /// <summary>
    /// Real AWS only: the account Cost Explorer is asked in, the management (payer) account of
    /// consolidated billing, which sees every linked account. Unset: costs are not read.
    /// The simulated organization uses its ops account.
    /// </summary>
    public string? AccountId { get; set; }

    /// <summary>Real AWS only: the role the portal assumes in <see cref="AccountId"/> (it needs ce:GetCostAndUsage and ce:GetCostForecast).</summary>
    public string RoleName { get; set; } = "PortalCostExplorer";

    /// <summary>Real AWS only: the external id the cost role's trust policy asks for, if any.</summary>
    public string? ExternalId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RefreshInterval < TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Costs:RefreshInterval must be at least 00:05:00: Cost Explorer charges per request.", [nameof(RefreshInterval)]);
        }

        if (RetryAfterFailure < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Costs:RetryAfterFailure must be at least 00:01:00.", [nameof(RetryAfterFailure)]);
        }

        if (ManualRefreshCooldown < TimeSpan.Zero)
        {
            yield return new ValidationResult("Costs:ManualRefreshCooldown must not be negative.", [nameof(ManualRefreshCooldown)]);
        }

        if (!string.IsNullOrEmpty(AccountId) && !AccountIdPattern().IsMatch(AccountId))
        {
            yield return new ValidationResult("Costs:AccountId must be a 12-digit AWS account id.", [nameof(AccountId)]);
        }

        if (string.IsNullOrWhiteSpace(RoleName))
        {
            yield return new ValidationResult("Costs:RoleName must name a role.", [nameof(RoleName)]);
        }

        if (ExternalId is not null && !ExternalIdPattern().IsMatch(ExternalId))
        {
            yield return new ValidationResult("Costs:ExternalId must be 2 to 1224 letters, digits or _+=,.@:/- (as the cost role's trust policy names it).", [nameof(ExternalId)]);
        }
    }

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountIdPattern();

    /// <summary>What STS accepts as an external id.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalIdPattern();
}
