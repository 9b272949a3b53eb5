using Portal.Server.Cloud.Aws;

namespace Portal.Server.Tests.Aws;

public class AwsOptionsValidationTests
{
    private static AwsEnvironmentOptions Prod() => new()
    {
        Name = "prod",
        AccountId = "333333333333",
        Region = "eu-west-1",
        Colour = "red",
        ReadRoleArn = "arn:aws:iam::333333333333:role/PortalReadOnly",
        DeployerRoleArn = "arn:aws:iam::333333333333:role/deploy/PortalDeployer",
    };

    [Fact]
    public void A_complete_configuration_passes()
    {
        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod()], IdentityCenter = SignIn() });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Without_an_identity_center_start_url_no_one_could_sign_in_so_it_is_refused()
    {
        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod()] });

        Assert.True(result.Failed);
        Assert.Contains("Aws:IdentityCenter:StartUrl is required", result.FailureMessage, StringComparison.Ordinal);
    }

    private static AwsIdentityCenterOptions SignIn() => new() { StartUrl = "https://example.awsapps.com/start", Region = "eu-west-1" };

    [Theory]
    [InlineData("Name", "Prod", "Aws:Environments:0:Name")]
    [InlineData("AccountId", "3333", "Aws:Environments:0:AccountId")]
    [InlineData("Region", "Ireland", "Aws:Environments:0:Region")]
    [InlineData("Colour", "purple", "Aws:Environments:0:Colour")]
    [InlineData("ReadRoleArn", "PortalReadOnly", "Aws:Environments:0:ReadRoleArn must be an IAM role ARN")]
    [InlineData("ReadRoleArn", "arn:aws:iam::111111111111:role/PortalReadOnly", "Aws:Environments:0:ReadRoleArn must be a role in the environment's account")]
    [InlineData("DeployerRoleArn", "arn:aws:iam::333333333333:user/ci", "Aws:Environments:0:DeployerRoleArn")]
    public void A_wrong_environment_setting_is_refused_naming_its_key(string property, string value, string expected)
    {
        var environment = Prod();
        typeof(AwsEnvironmentOptions).GetProperty(property)!.SetValue(environment, value);

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [environment] });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_environments_repeated_names_and_bad_retry_settings_are_each_named()
    {
        var none = new AwsOptionsValidation().Validate(null, new AwsOptions());
        var twice = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod(), Prod()] });
        var retries = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod()], MaxAttempts = 0, RetryBaseDelay = TimeSpan.FromSeconds(30) });
        var identityCenter = new AwsOptionsValidation().Validate(null, new AwsOptions
        {
            Environments = [Prod()],
            IdentityCenter = new AwsIdentityCenterOptions { StartUrl = "https://acme.awsapps.com/start" },
        });

        Assert.Contains("Aws:Environments must list at least one environment", none.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("names must be unique; repeated: prod", twice.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Aws:MaxAttempts", retries.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Aws:RetryBaseDelay", retries.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Aws:IdentityCenter:Region", identityCenter.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cn-north-1", "aws-cn")]
    [InlineData("cn-northwest-1", "aws-cn")]
    [InlineData("us-gov-west-1", "aws-us-gov")]
    [InlineData("us-iso-east-1", "aws-iso")]
    [InlineData("us-isob-east-1", "aws-iso-b")]
    [InlineData("eusc-de-east-1", "aws-eusc")]
    [InlineData("ap-southeast-7", "aws")]
    public void Regions_of_every_partition_are_accepted_with_roles_of_that_partition(string region, string partition)
    {
        var environment = Prod();
        environment.Region = region;
        environment.ReadRoleArn = $"arn:{partition}:iam::333333333333:role/PortalReadOnly";
        environment.DeployerRoleArn = $"arn:{partition}:iam::333333333333:role/deploy/PortalDeployer";

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [environment], IdentityCenter = SignIn() });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void A_role_of_another_partition_than_its_environments_region_is_refused()
    {
        var environment = Prod();
        environment.Region = "cn-north-1";

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [environment], IdentityCenter = SignIn() });

        Assert.Contains("Aws:Environments:0:ReadRoleArn must be a role in the partition of cn-north-1 (arn:aws-cn:iam::...)", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Aws:Environments:0:DeployerRoleArn must be a role in the partition of cn-north-1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Environments_in_two_partitions_are_refused()
    {
        var china = Prod();
        china.Name = "china";
        china.Region = "cn-north-1";
        china.ReadRoleArn = "arn:aws-cn:iam::333333333333:role/PortalReadOnly";
        china.DeployerRoleArn = null;

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod(), china], IdentityCenter = SignIn() });

        Assert.Contains("Aws:Environments must all be in one AWS partition; their regions are in aws, aws-cn.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void External_ids_of_the_read_and_deployer_roles_are_accepted_when_sts_would_take_them()
    {
        var environment = Prod();
        environment.ExternalId = "portal-read:2026";
        environment.DeployerExternalId = "portal/deployer=1";

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [environment], IdentityCenter = SignIn() });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("ExternalId", "x", "Aws:Environments:0:ExternalId must be 2 to 1224")]
    [InlineData("ExternalId", "has space", "Aws:Environments:0:ExternalId must be 2 to 1224")]
    [InlineData("DeployerExternalId", "bad#id", "Aws:Environments:0:DeployerExternalId must be 2 to 1224")]
    public void An_external_id_sts_would_refuse_is_refused_naming_its_key(string property, string value, string expected)
    {
        var environment = Prod();
        typeof(AwsEnvironmentOptions).GetProperty(property)!.SetValue(environment, value);

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [environment], IdentityCenter = SignIn() });

        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployer_external_id_without_a_deployer_role_is_refused()
    {
        var environment = Prod();
        environment.DeployerRoleArn = null;
        environment.DeployerExternalId = "portal-deployer";

        var result = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [environment], IdentityCenter = SignIn() });

        Assert.Contains("Aws:Environments:0:DeployerExternalId is set but Aws:Environments:0:DeployerRoleArn is not.", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Resilience_settings_out_of_range_are_each_named()
    {
        var result = new AwsOptionsValidation().Validate(null, new AwsOptions
        {
            Environments = [Prod()],
            IdentityCenter = SignIn(),
            SessionName = "portal web",
            Timeout = TimeSpan.FromSeconds(10),
            TotalTimeout = TimeSpan.FromSeconds(5),
            RetryBudget = -1,
            PooledConnectionLifetime = TimeSpan.Zero,
            CircuitBreaker = new AwsCircuitBreakerOptions
            {
                FailureRatio = 0,
                MinimumThroughput = 1,
                SamplingDuration = TimeSpan.FromMilliseconds(100),
                BreakDuration = TimeSpan.Zero,
            },
        });

        foreach (var key in new[]
        {
            "Aws:SessionName", "Aws:TotalTimeout", "Aws:RetryBudget", "Aws:PooledConnectionLifetime", "Aws:CircuitBreaker:FailureRatio",
            "Aws:CircuitBreaker:MinimumThroughput", "Aws:CircuitBreaker:SamplingDuration", "Aws:CircuitBreaker:BreakDuration",
        })
        {
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_defaults_follow_the_aws_sdks_standard_retry_mode()
    {
        var defaults = new AwsOptions();

        Assert.Equal(3, defaults.MaxAttempts);
        Assert.Equal(500, defaults.RetryBudget);
        Assert.Equal(TimeSpan.FromSeconds(20), defaults.RetryMaxDelay);
        Assert.True(new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod()], IdentityCenter = SignIn() }).Succeeded);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("portal-costs", true)]
    [InlineData("x", false)]
    [InlineData("cost id", false)]
    public void The_cost_roles_external_id_is_checked_like_the_others(string? externalId, bool valid)
    {
        var options = new Portal.Server.Costs.CostOptions { AccountId = "999988887777", ExternalId = externalId };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith("Costs:ExternalId", e.ErrorMessage, StringComparison.Ordinal));
    }
}
