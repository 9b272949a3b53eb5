using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace Portal.Server.Cloud.Aws;

/// <summary>
/// The resilience pipeline every AWS call runs through, one per service endpoint (so one failing
/// endpoint opens only its own circuit): a total timeout around retries (<see cref="AwsRetryRules"/>)
/// around a circuit breaker around a per-attempt timeout. The pipeline wraps the client's attempt,
/// which signs afresh each time: a retried request carries a new X-Amz-Date, and new credentials
/// when the old ones were refused.
/// </summary>
public sealed partial class AwsCallPipelines(
    IOptions<AwsOptions> options,
    AwsRetryRules rules,
    CloudCallMeter meter,
    TimeProvider time,
    ILogger<AwsCallPipelines> logger) : IDisposable
{
    private readonly ResiliencePipelineRegistry<string> _pipelines = new();

    public ResiliencePipeline<AwsAttempt> For(AwsCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var key = $"{call.Service.Name} {call.Host}";
        return _pipelines.GetOrAddPipeline<AwsAttempt>(key, builder => Build(builder, key));
    }

    public void Dispose() => _pipelines.Dispose();

    private void Build(ResiliencePipelineBuilder<AwsAttempt> builder, string endpoint)
    {
        var settings = options.Value;
        builder.TimeProvider = time;
        builder
            .AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = settings.TotalTimeout })
            .AddRetry(new RetryStrategyOptions<AwsAttempt>
            {
                Name = "retry",
                MaxRetryAttempts = settings.MaxAttempts - 1 + AwsRetryRules.HealsPerCall,
                ShouldHandle = arguments => ValueTask.FromResult(rules.ShouldRetry(AwsCall.Of(arguments.Context), arguments.Outcome)),
                DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(AwsCall.Of(arguments.Context).NextDelay),
                OnRetry = arguments =>
                {
                    OnRetry(AwsCall.Of(arguments.Context), arguments.Outcome, arguments.AttemptNumber + 1, arguments.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<AwsAttempt>
            {
                Name = "circuit",
                FailureRatio = settings.CircuitBreaker.FailureRatio,
                MinimumThroughput = settings.CircuitBreaker.MinimumThroughput,
                SamplingDuration = settings.CircuitBreaker.SamplingDuration,
                BreakDuration = settings.CircuitBreaker.BreakDuration,
                ShouldHandle = arguments => ValueTask.FromResult(AwsRetryRules.IsEndpointFailure(arguments.Outcome)),
                OnOpened = arguments =>
                {
                    LogCircuitOpened(logger, endpoint, arguments.BreakDuration.TotalSeconds, Reason(arguments.Outcome));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(logger, endpoint);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = settings.Timeout });
    }

    private void OnRetry(AwsCall call, Outcome<AwsAttempt> outcome, int attempt, TimeSpan delay)
    {
        var tag = outcome.Result?.Error?.Outcome ?? "unavailable";
        meter.RecordRetry(call.Service.Name, call.Operation, tag);
        LogRetrying(logger, call.Action, attempt, delay.TotalMilliseconds, Reason(outcome));
    }

    private static string Reason(Outcome<AwsAttempt> outcome) =>
        outcome.Result?.Error?.Message ?? outcome.Exception?.Message ?? "(no reason)";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Action} attempt {Attempt} failed; trying again in {DelayMilliseconds:0} ms: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string action, int attempt, double delayMilliseconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS endpoint {Endpoint} failed too often; calls to it pause for {BreakSeconds:0.#} s. Last failure: {Reason}")]
    private static partial void LogCircuitOpened(ILogger logger, string endpoint, double breakSeconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AWS endpoint {Endpoint} answers again; calls to it resume")]
    private static partial void LogCircuitClosed(ILogger logger, string endpoint);
}
