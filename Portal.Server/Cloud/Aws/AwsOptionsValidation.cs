using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Server.Cloud.Aws;

/// <summary>Checks the real-AWS settings on start; every message names the key to fix.</summary>
public sealed partial class AwsOptionsValidation : IValidateOptions<AwsOptions>
{
    private static readonly string[] Colours = ["green", "amber", "red", "blue"];

    public ValidateOptionsResult Validate(string? name, AwsOptions options)
    {
        var errors = new List<string>();
        if (options.Environments.Count == 0)
        {
            errors.Add("Aws:Environments must list at least one environment (Name, AccountId, Region, ReadRoleArn).");
        }

        for (var i = 0; i < options.Environments.Count; i++)
        {
            ValidateEnvironment(options.Environments[i], $"Aws:Environments:{i}", errors);
        }

        var duplicates = options.Environments.GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            errors.Add($"Aws:Environments names must be unique; repeated: {string.Join(", ", duplicates)}.");
        }

        var partitions = options.Environments.Where(e => Region().IsMatch(e.Region)).Select(e => AwsPartition.Of(e.Region).Id).Distinct().ToList();
        if (partitions.Count > 1)
        {
            // The portal's own identity lives in one partition and cannot assume roles in another.
            errors.Add($"Aws:Environments must all be in one AWS partition; their regions are in {string.Join(", ", partitions)}.");
        }

        if (!StsSessionName.IsValid(options.SessionName))
        {
            errors.Add("Aws:SessionName must be 2 to 64 letters, digits or _+=,.@- (STS's rule for role session names).");
        }

        ValidateResilience(options, errors);

        if (string.IsNullOrWhiteSpace(options.IdentityCenter.StartUrl))
        {
            // Without it no person can sign in: every page would stay behind the sign-in page.
            errors.Add("Aws:IdentityCenter:StartUrl is required: people sign in through IAM Identity Center (https://your-org.awsapps.com/start).");
        }
        else if (!Uri.TryCreate(options.IdentityCenter.StartUrl, UriKind.Absolute, out _))
        {
            errors.Add("Aws:IdentityCenter:StartUrl must be an absolute URL (https://your-org.awsapps.com/start).");
        }

        if (options.IdentityCenter.StartUrl is { Length: > 0 } && string.IsNullOrWhiteSpace(options.IdentityCenter.Region))
        {
            errors.Add("Aws:IdentityCenter:Region is required with Aws:IdentityCenter:StartUrl.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateResilience(AwsOptions options, List<string> errors)
    {
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromDays(1))
        {
            errors.Add("Aws:Timeout must be positive (and under a day).");
        }

        if (options.TotalTimeout < options.Timeout || options.TotalTimeout > TimeSpan.FromDays(1))
        {
            errors.Add("Aws:TotalTimeout must be at least Aws:Timeout (and under a day).");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            errors.Add("Aws:MaxAttempts must be between 1 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("Aws:RetryBaseDelay must be positive and no longer than Aws:RetryMaxDelay.");
        }

        if (options.RetryBudget < 0)
        {
            errors.Add("Aws:RetryBudget must not be negative (0 turns retries off).");
        }

        if (options.PooledConnectionLifetime <= TimeSpan.Zero)
        {
            errors.Add("Aws:PooledConnectionLifetime must be positive.");
        }

        var breaker = options.CircuitBreaker;
        if (breaker.FailureRatio is <= 0 or > 1)
        {
            errors.Add("Aws:CircuitBreaker:FailureRatio must be above 0 and at most 1.");
        }

        if (breaker.MinimumThroughput < 2)
        {
            errors.Add("Aws:CircuitBreaker:MinimumThroughput must be at least 2.");
        }

        var halfSecond = TimeSpan.FromMilliseconds(500);
        if (breaker.SamplingDuration < halfSecond || breaker.SamplingDuration > TimeSpan.FromDays(1))
        {
            errors.Add("Aws:CircuitBreaker:SamplingDuration must be between 00:00:00.5 and a day.");
        }

        if (breaker.BreakDuration < halfSecond || breaker.BreakDuration > TimeSpan.FromDays(1))
        {
            errors.Add("Aws:CircuitBreaker:BreakDuration must be between 00:00:00.5 and a day.");
        }
    }

    private static void ValidateEnvironment(AwsEnvironmentOptions environment, string key, List<string> errors)
    {
        if (!EnvironmentName().IsMatch(environment.Name))
        {
            errors.Add($"{key}:Name must be lower-case letters, digits or '-' (e.g. prod).");
        }

        if (!AccountId().IsMatch(environment.AccountId))
        {
            errors.Add($"{key}:AccountId must be the 12-digit AWS account id.");
        }

        if (!Region().IsMatch(environment.Region))
        {
            errors.Add($"{key}:Region must be an AWS region such as eu-west-1, cn-north-1 or us-gov-west-1.");
        }

        if (!Colours.Contains(environment.Colour, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Colour must be one of {string.Join(", ", Colours)}.");
        }

        var partition = AwsPartition.Of(environment.Region).Id;
        if (!RoleArn().IsMatch(environment.ReadRoleArn))
        {
            errors.Add($"{key}:ReadRoleArn must be an IAM role ARN (arn:{partition}:iam::<account>:role/<name>).");
        }
        else if (!environment.ReadRoleArn.StartsWith($"arn:{partition}:", StringComparison.Ordinal))
        {
            errors.Add($"{key}:ReadRoleArn must be a role in the partition of {environment.Region} (arn:{partition}:iam::...).");
        }
        else if (!environment.ReadRoleArn.Contains($"::{environment.AccountId}:", StringComparison.Ordinal))
        {
            errors.Add($"{key}:ReadRoleArn must be a role in the environment's account {environment.AccountId}.");
        }

        if (environment.DeployerRoleArn is { Length: > 0 } deployer && !RoleArn().IsMatch(deployer))
        {
            errors.Add($"{key}:DeployerRoleArn must be an IAM role ARN (arn:{partition}:iam::<account>:role/<name>).");
        }
        else if (environment.DeployerRoleArn is { Length: > 0 } && !environment.DeployerRoleArn.StartsWith($"arn:{partition}:", StringComparison.Ordinal))
        {
            errors.Add($"{key}:DeployerRoleArn must be a role in the partition of {environment.Region} (arn:{partition}:iam::...).");
        }

        if (environment.ExternalId is not null && !ExternalId().IsMatch(environment.ExternalId))
        {
            errors.Add($"{key}:ExternalId must be 2 to 1224 letters, digits or _+=,.@:/- (as the read role's trust policy names it).");
        }

        if (environment.DeployerExternalId is not null && !ExternalId().IsMatch(environment.DeployerExternalId))
        {
            errors.Add($"{key}:DeployerExternalId must be 2 to 1224 letters, digits or _+=,.@:/- (as the deployer role's trust policy names it).");
        }
        else if (environment.DeployerExternalId is not null && string.IsNullOrEmpty(environment.DeployerRoleArn))
        {
            errors.Add($"{key}:DeployerExternalId is set but {key}:DeployerRoleArn is not.");
        }
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    /// <summary>Region names of every partition: eu-west-1, cn-northwest-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1.</summary>
    [GeneratedRegex("^[a-z]{2,4}(-[a-z]+){1,2}-[0-9]{1,2}$")]
    private static partial Regex Region();

    /// <summary>What STS accepts as an external id.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@:/-]{2,1224}$")]
    private static partial Regex ExternalId();

    [GeneratedRegex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$")]
    private static partial Regex RoleArn();
}
