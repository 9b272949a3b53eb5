namespace Portal.Server.Cloud.LoadBalancing;

/// <summary>
/// The Elastic Load Balancing (v2, 2015-12-01) operations the portal uses, shaped like the ELBv2 API so the
/// real query-protocol adapter and the simulated organization implement the same seam.
/// </summary>
public interface ILoadBalancing
{
    /// <summary>The health of every target registered in one target group (ELBv2 takes one group per call, unpaged).</summary>
    Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(CloudCaller caller, DescribeTargetHealthRequest request, CancellationToken cancellationToken);
}
