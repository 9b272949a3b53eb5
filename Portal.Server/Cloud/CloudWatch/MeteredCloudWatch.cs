namespace Portal.Server.Cloud.CloudWatch;

/// <summary>Counts every CloudWatch call, whichever world answers it.</summary>
public sealed class MeteredCloudWatch(ICloudWatch inner, CloudCallMeter meter) : ICloudWatch
{
    private const string Service = "cloudwatch";

    public Task<GetMetricDataResponse> GetMetricDataAsync(CloudCaller caller, GetMetricDataRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "GetMetricData", () => inner.GetMetricDataAsync(caller, request, cancellationToken));

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(CloudCaller caller, DescribeAlarmsRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeAlarms", () => inner.DescribeAlarmsAsync(caller, request, cancellationToken));
}
