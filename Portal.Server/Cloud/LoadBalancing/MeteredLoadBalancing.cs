namespace Portal.Server.Cloud.LoadBalancing;

/// <summary>Counts every ELBv2 call, whichever world answers it.</summary>
public sealed class MeteredLoadBalancing(ILoadBalancing inner, CloudCallMeter meter) : ILoadBalancing
{
    public const string Service = "elasticloadbalancing";

    public Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(CloudCaller caller, DescribeTargetHealthRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "DescribeTargetHealth", () => inner.DescribeTargetHealthAsync(caller, request, cancellationToken));
}
