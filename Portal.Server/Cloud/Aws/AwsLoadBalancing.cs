using Portal.Server.Cloud.LoadBalancing;
using static Portal.Server.Cloud.Aws.AwsQueryXml;

namespace Portal.Server.Cloud.Aws;

/// <summary>Elastic Load Balancing v2 over the query protocol: parameters and answers as in the ELBv2 service model.</summary>
public sealed class AwsLoadBalancing(AwsJsonClient client) : ILoadBalancing
{
    private static readonly AwsJsonService Service = AwsJsonService.ElasticLoadBalancing;

    public async Task<DescribeTargetHealthResponse> DescribeTargetHealthAsync(CloudCaller caller, DescribeTargetHealthRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.TargetGroupArn))
        {
            throw new CloudValidationException(Service.Name, "DescribeTargetHealth", "DescribeTargetHealth needs a target group ARN.");
        }

        var result = await client.CallQueryAsync(Service, "DescribeTargetHealth", caller, [KeyValuePair.Create("TargetGroupArn", request.TargetGroupArn)], cancellationToken);
        var targets = Members(result, "TargetHealthDescriptions").Select(description =>
        {
            var target = Element(description, "Target");
            var health = Element(description, "TargetHealth");
            return new TargetHealthDescription(
                Child(target, "Id") ?? string.Empty,
                Int(target, "Port"),
                Child(target, "AvailabilityZone"),
                Child(description, "HealthCheckPort"),
                Child(health, "State") ?? "unknown",
                Child(health, "Reason"),
                Child(health, "Description"));
        }).ToList();
        return new DescribeTargetHealthResponse(targets);
    }
}
