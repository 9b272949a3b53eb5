using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// Whether a failed attempt is sent again, as the AWS SDKs' standard retry mode decides: throttling,
/// server errors, timeouts and broken connections are retried with full-jitter exponential backoff
/// up to <see cref="AwsOptions.MaxAttempts"/>, each retry paid from the shared <see cref="RetryBudget"/>.
/// A write is retried only when AWS's answer proves it was not carried out (throttled, refused
/// credentials or signature, no connection made): a write whose fate is unknown is never re-sent.
/// Expired credentials and a skewed clock are healed once per call, at once and free of charge.
/// </summary>
public sealed class AwsRetryRules(IOptions<AwsOptions> options, RetryBudget budget)
{
    /// <summary>Each call may renew its credentials once and correct its clock once, on top of its retries.</summary>
    public const int HealsPerCall = 2;

    public static AwsFailureKind? KindOf(Outcome<AwsAttempt> outcome) =>
        outcome.Exception is TimeoutRejectedException ? AwsFailureKind.TimedOut : outcome.Result?.Failure;

    /// <summary>Failures that say something about the endpoint's health (what the circuit breaker counts).</summary>
    public static bool IsEndpointFailure(Outcome<AwsAttempt> outcome) =>
        KindOf(outcome) is AwsFailureKind.ServerError or AwsFailureKind.TimedOut or AwsFailureKind.Broken
            or AwsFailureKind.NotSent or AwsFailureKind.Unreadable;

    /// <summary>Whether the write may have been carried out although no usable answer came.</summary>
    public static bool OutcomeUnknown(AwsCall call, AwsFailureKind kind)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!call.IsWrite)
        {
            return false;
        }

        return kind switch
        {
            AwsFailureKind.ServerError or AwsFailureKind.Broken or AwsFailureKind.Unreadable => true,
            AwsFailureKind.TimedOut => call.InFlight,
            _ => false,
        };
    }

    /// <summary>Decides, and records on the call, whether the outcome is tried again and after how long.</summary>
    public bool ShouldRetry(AwsCall call, Outcome<AwsAttempt> outcome)
    {
        ArgumentNullException.ThrowIfNull(call);
        call.LastError = outcome.Result?.Error ?? call.LastError;
        switch (KindOf(outcome))
        {
            case AwsFailureKind.CredentialsExpired when !call.CredentialsRenewed:
                call.RenewCredentials();
                return true;
            case AwsFailureKind.ClockSkewed when !call.ClockCorrected:
                call.CorrectClock();
                return true;
            case AwsFailureKind.Throttled or AwsFailureKind.NotSent:
                return TrySpendRetry(call, RetryBudget.RetryCost);
            case AwsFailureKind.ServerError or AwsFailureKind.Unreadable when !call.IsWrite:
                return TrySpendRetry(call, RetryBudget.RetryCost);
            case AwsFailureKind.TimedOut or AwsFailureKind.Broken when !call.IsWrite:
                return TrySpendRetry(call, RetryBudget.TimeoutRetryCost);
            default:
                return false;
        }
    }

    private bool TrySpendRetry(AwsCall call, int cost)
    {
        if (call.Retries >= options.Value.MaxAttempts - 1 || !budget.TrySpend(cost))
        {
            return false;
        }

        call.CountRetry(cost, Backoff(call.Retries + 1));
        return true;
    }

    /// <summary>Full jitter, as the AWS SDKs: a random wait between zero and min(base × 2^(retry-1), max).</summary>
    private TimeSpan Backoff(int retry)
    {
        var settings = options.Value;
        var cap = Math.Min(settings.RetryMaxDelay.TotalMilliseconds, settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap);
#pragma warning restore CA5394
    }
}
