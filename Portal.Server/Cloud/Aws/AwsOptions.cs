namespace Portal.Server.Cloud.Aws;

/// <summary>Settings for real AWS accounts (configuration section "Aws"), used when Cloud:Mode is "Aws".</summary>
public sealed class AwsOptions
{
    public const string Section = "Aws";

    /// <summary>The environments the portal watches, one AWS account each.</summary>
    public List<AwsEnvironmentOptions> Environments { get; set; } = [];

    /// <summary>The role session name the portal's own calls carry, visible in CloudTrail.</summary>
    public string SessionName { get; set; } = "portal";

    /// <summary>How long one HTTP attempt may take before it is abandoned (and, for a read, retried).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one call may take, its retries and their waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per call, the first included, as in the AWS SDKs' standard retry mode.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first retry waits up to this long; each further one up to twice as long (full jitter), up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The retry quota the whole process shares, as in the AWS SDKs: a retry spends 5, a retry after
    /// a timeout 10, a success gives back what its retry spent (1 when it needed none).
    /// </summary>
    public int RetryBudget { get; set; } = 500;

    /// <summary>Pooled connections are replaced this often, so DNS changes of AWS's endpoints are followed.</summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>When calls to one service endpoint stop for a while because it keeps failing.</summary>
    public AwsCircuitBreakerOptions CircuitBreaker { get; set; } = new();

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

    /// <summary>The external id the deployer role's trust policy asks for, if any.</summary>
    public string? DeployerExternalId { get; set; }
}

/// <summary>
/// A service endpoint whose calls fail (server errors, timeouts, broken connections, unreadable
/// answers) in at least <see cref="FailureRatio"/> of at least <see cref="MinimumThroughput"/> calls
/// within <see cref="SamplingDuration"/> is not called for <see cref="BreakDuration"/>: calls fail at
/// once instead of waiting for their timeouts. Throttling and refusals do not count.
/// </summary>
public sealed class AwsCircuitBreakerOptions
{
    public double FailureRatio { get; set; } = 0.5;

    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>IAM Identity Center in the ops account, for people's sign-in (used by the sign-in feature).</summary>
public sealed class AwsIdentityCenterOptions
{
    public string? StartUrl { get; set; }

    public string? Region { get; set; }
}
