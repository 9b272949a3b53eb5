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
        var retries = new AwsOptionsValidation().Validate(null, new AwsOptions { Environments = [Prod()], MaxAttempts = 0, RetryBaseDelay = TimeSpan.FromSeconds(10) });
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
}
