namespace Portal.Server.Cloud.Aws;

/// <summary>Settings for real AWS accounts (configuration section "Aws"), used when Cloud:Mode is "Aws".</summary>
public sealed class AwsOptions
{
    public const string Section = "Aws";

    /// <summary>The environments the portal watches, one AWS account each.</summary>
    public List<AwsEnvironmentOptions> Environments { get; set; } = [];

    /// <summary>The role session name the portal's own calls carry, visible in CloudTrail.</summary>
    public string SessionName { get; set; } = "portal";

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per call, the first included (AWS's standard retry mode uses 3).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry waits up to this long; each further one up to twice as long (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries the whole process may spend before it stops retrying (refilled by successes).</summary>
    public int RetryBudget { get; set; } = 100;

    public AwsIdentityCenterOptions IdentityCenter { get; set; } = new();
}

public sealed class AwsEnvironmentOptions
{
    public string Name { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    /// <summary>green, amber, red or blue.</summary>
    public string Colour { get; set; } = "blue";

    public bool Protected { get; set; }

    /// <summary>The read-only role the poller assumes in this account.</summary>
    public string ReadRoleArn { get; set; } = string.Empty;

    /// <summary>The external id the read role's trust policy asks for, if any.</summary>
    public string? ExternalId { get; set; }

    /// <summary>The role machine callers (CI tokens) deploy with in this account.</summary>
    public string? DeployerRoleArn { get; set; }
}

/// <summary>IAM Identity Center in the ops account, for people's sign-in (used by the sign-in feature).</summary>
public sealed class AwsIdentityCenterOptions
{
    public string? StartUrl { get; set; }

    public string? Region { get; set; }
}
