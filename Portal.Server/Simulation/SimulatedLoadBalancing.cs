using Portal.Server.Cloud;
using Portal.Server.Cloud.LoadBalancing;
using Portal.Server.Simulation.World;

namespace Portal.Server.Simulation;

/// <summary>ELBv2 as the simulated organization answers it: every service's target group, with IAM checks as AWS's.</summary>
internal sealed class SimulatedLoadBalancing(SimulatedWorld world) : ILoadBalancing
{
    private const string Service = "elasticloadbalancing";

    public Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(CloudCaller caller, DescribeTargetHealthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        lock (world.Gate)
        {
            var account = world.FindAccount(caller.AccountId)
                ?? throw new CloudAccessDeniedException(Service, "DescribeTargetHealth", $"Account {caller.AccountId} is not part of the simulated organization.");
            world.Iam.Authorize(caller, Service, "DescribeTargetHealth", request.TargetGroupArn);
            var service = account.Clusters.SelectMany(c => c.Services).FirstOrDefault(s => s.TargetGroupArn == request.TargetGroupArn)
                ?? throw new CloudNotFoundException(Service, "DescribeTargetHealth", "TargetGroupNotFound: One or more target groups not found");
            return Task.FromResult(new DescribeTargetHealthResponse(SimulatedTargets.Describe(service, world.Now, world.Speed)));
        }
    }
}

/// <summary>The simulated ELBv2 behind AWS's latency and throttling (<see cref="SimulatedAwsLimits"/>).</summary>
internal sealed class LimitedLoadBalancing(ILoadBalancing inner, SimulatedAwsLimits limits) : ILoadBalancing
{
    public async Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(CloudCaller caller, DescribeTargetHealthRequest request, CancellationToken cancellationToken)
    {
        await limits.EnterAsync(caller, "elasticloadbalancing", "DescribeTargetHealth", cancellationToken);
        return await inner.DescribeTargetHealthAsync(caller, request, cancellationToken);
    }
}
