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

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add("Aws:Timeout must be positive.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            errors.Add("Aws:MaxAttempts must be between 1 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("Aws:RetryBaseDelay must be positive and no longer than Aws:RetryMaxDelay.");
        }

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
            errors.Add($"{key}:Region must be an AWS region such as eu-west-1.");
        }

        if (!Colours.Contains(environment.Colour, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"{key}:Colour must be one of {string.Join(", ", Colours)}.");
        }

        if (!RoleArn().IsMatch(environment.ReadRoleArn))
        {
            errors.Add($"{key}:ReadRoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).");
        }
        else if (!environment.ReadRoleArn.Contains($"::{environment.AccountId}:", StringComparison.Ordinal))
        {
            errors.Add($"{key}:ReadRoleArn must be a role in the environment's account {environment.AccountId}.");
        }

        if (environment.DeployerRoleArn is { Length: > 0 } deployer && !RoleArn().IsMatch(deployer))
        {
            errors.Add($"{key}:DeployerRoleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).");
        }
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex EnvironmentName();

    [GeneratedRegex("^[0-9]{12}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$")]
    private static partial Regex Region();

    [GeneratedRegex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$")]
    private static partial Regex RoleArn();
}
