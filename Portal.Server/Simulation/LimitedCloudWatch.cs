using Portal.Server.Cloud;
using Portal.Server.Cloud.CloudWatch;

namespace Portal.Server.Simulation;

/// <summary>The simulated CloudWatch behind AWS's latency and throttling (<see cref="SimulatedAwsLimits"/>).</summary>
internal sealed class LimitedCloudWatch(ICloudWatch inner, SimulatedAwsLimits limits) : ICloudWatch
{
    private const string Service = "cloudwatch";

    public async Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "GetMetricData", cancellationToken);
        return await inner.GetMetricDataAsync(caller, request, cancellationToken);
    }

    public async Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, Service, "DescribeAlarms", cancellationToken);
        return await inner.DescribeAlarmsAsync(caller, request, cancellationToken);
    }
}
