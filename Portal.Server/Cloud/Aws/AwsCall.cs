using Polly;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// One call through the JSON-protocol client, across its attempts: what is sent, to where, under
/// which caller, and what its attempts have done so far (retries spent, credentials renewed, clock
/// corrected, a write possibly in flight). Lives for one call; the shared resilience pipeline finds
/// it in the call's <see cref="ResilienceContext"/>.
/// </summary>
public sealed class AwsCall(AwsJsonService service, string operation, CloudCaller caller, Uri endpoint, byte[] body)
{
    private static readonly ResiliencePropertyKey<AwsCall> Key = new("portal.aws.call");
    private AwsSigningCredentials? _staleCredentials;

    public AwsJsonService Service { get; } = service;

    public string Operation { get; } = operation;

    public CloudCaller Caller { get; } = caller;

    public Uri Endpoint { get; } = endpoint;

    /// <summary>The endpoint's host (and port): the clock offset and the circuit breaker are kept per endpoint.</summary>
    public string Host => Endpoint.Authority;

    public byte[] Body { get; } = body;

    public bool IsWrite { get; } = AwsJsonService.IsWrite(operation);

    /// <summary>"ecs:UpdateService", as AWS names the action in IAM and in its messages.</summary>
    public string Action => $"{Service.SigningName}:{Operation}";

    /// <summary>The credentials the latest attempt was signed with.</summary>
    public AwsSigningCredentials? SignedWith { get; set; }

    /// <summary>True from the moment an attempt is handed to the connection until its answer is read.</summary>
    public bool InFlight { get; set; }

    /// <summary>Retries after throttling, server errors and timeouts (healing is not counted).</summary>
    public int Retries { get; private set; }

    /// <summary>What the latest retry cost the retry budget (0 when there was none): a success gives it back.</summary>
    public int LastRetryCost { get; private set; }

    public bool CredentialsRenewed { get; private set; }

    public bool ClockCorrected { get; private set; }

    /// <summary>The error of the latest attempt that AWS answered with one, if any.</summary>
    public CloudException? LastError { get; set; }

    /// <summary>How long to wait before the next attempt.</summary>
    public TimeSpan NextDelay { get; private set; }

    public static AwsCall Of(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Properties.GetValue(Key, null!) ?? throw new InvalidOperationException("The resilience context carries no AWS call.");
    }

    public void AttachTo(ResilienceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Properties.Set(Key, this);
    }

    public void CountRetry(int cost, TimeSpan delay)
    {
        Retries++;
        LastRetryCost = cost;
        NextDelay = delay;
    }

    /// <summary>The next attempt drops the credentials just refused and signs with fresh ones, at once.</summary>
    public void RenewCredentials()
    {
        CredentialsRenewed = true;
        _staleCredentials = SignedWith;
        NextDelay = TimeSpan.Zero;
    }

    /// <summary>The next attempt signs with AWS's time (already learned by the clock), at once.</summary>
    public void CorrectClock()
    {
        ClockCorrected = true;
        NextDelay = TimeSpan.Zero;
    }

    /// <summary>The credentials to drop before the next attempt, once.</summary>
    public AwsSigningCredentials? TakeStaleCredentials()
    {
        var stale = _staleCredentials;
        _staleCredentials = null;
        return stale;
    }
}
