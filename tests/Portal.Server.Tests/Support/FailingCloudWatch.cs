using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;

namespace Portal.Server.Tests.Support;

/// <summary>Passes calls through, except that calls into one account fail, or never answer, once told to.</summary>
internal sealed class FailingCloudWatch(ICloudWatch inner, string failingAccountId) : ICloudWatch
{
    /// <summary>Makes the exception for a failing call (operation → exception, or null to let that one through); null lets every call through.</summary>
    public Func<string, CloudException?>? Failure { get; set; }

    /// <summary>Calls into the failing account wait until they are cancelled, as a CloudWatch that does not answer.</summary>
    public bool Hangs { get; set; }

    public Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "GetMetricData", () => inner.GetMetricDataAsync(caller, request, cancellationToken), cancellationToken);

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken) =>
        Guard(caller, "DescribeAlarms", () => inner.DescribeAlarmsAsync(caller, request, cancellationToken), cancellationToken);

    private async Task<T> Guard<T>(CloudCaller caller, string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        if (caller.AccountId == failingAccountId)
        {
            if (Hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Failure?.Invoke(operation) is { } failure)
            {
                throw failure;
            }
        }

        return await call();
    }
}
