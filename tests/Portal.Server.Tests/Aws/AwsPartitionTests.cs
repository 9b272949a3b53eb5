using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Portal.Server.Cloud;
using Portal.Server.Cloud.Aws;

namespace Portal.Server.Tests.Aws;

/// <summary>Endpoints, Cost Explorer's region and ARNs come from the region's partition.</summary>
public class AwsPartitionTests
{
    private static readonly AwsEndpoints Endpoints = new(new ConfigurationBuilder().Build());

    [Theory]
    [InlineData("eu-west-1", "aws", "https://ecs.eu-west-1.amazonaws.com/", "https://monitoring.eu-west-1.amazonaws.com/", "https://ce.us-east-1.amazonaws.com/")]
    [InlineData("cn-north-1", "aws-cn", "https://ecs.cn-north-1.amazonaws.com.cn/", "https://monitoring.cn-north-1.amazonaws.com.cn/", "https://ce.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", "aws-cn", "https://ecs.cn-northwest-1.amazonaws.com.cn/", "https://monitoring.cn-northwest-1.amazonaws.com.cn/", "https://ce.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-east-1", "aws-us-gov", "https://ecs.us-gov-east-1.amazonaws.com/", "https://monitoring.us-gov-east-1.amazonaws.com/", "https://ce.us-gov-west-1.amazonaws.com/")]
    [InlineData("us-iso-east-1", "aws-iso", "https://ecs.us-iso-east-1.c2s.ic.gov/", "https://monitoring.us-iso-east-1.c2s.ic.gov/", "https://ce.us-iso-east-1.c2s.ic.gov/")]
    [InlineData("us-isob-east-1", "aws-iso-b", "https://ecs.us-isob-east-1.sc2s.sgov.gov/", "https://monitoring.us-isob-east-1.sc2s.sgov.gov/", "https://ce.us-isob-east-1.sc2s.sgov.gov/")]
    [InlineData("ap-southeast-5", "aws", "https://ecs.ap-southeast-5.amazonaws.com/", "https://monitoring.ap-southeast-5.amazonaws.com/", "https://ce.us-east-1.amazonaws.com/")]
    public void Each_region_is_reached_under_its_partitions_dns_suffix_and_cost_explorer_in_its_partitions_region(
        string region, string partition, string ecs, string cloudWatch, string costExplorer)
    {
        Assert.Equal(partition, AwsPartition.Of(region).Id);
        Assert.Equal(new Uri(ecs), Endpoints.Resolve(AwsJsonService.Ecs, region));
        Assert.Equal(new Uri(cloudWatch), Endpoints.Resolve(AwsJsonService.CloudWatch, region));
        Assert.Equal(new Uri(costExplorer), Endpoints.Resolve(AwsJsonService.CostExplorer, region));
    }

    [Fact]
    public async Task A_cost_explorer_call_in_china_is_signed_for_its_partitions_region()
    {
        using var aws = new AwsClientHarness();
        aws.Answer(HttpStatusCode.OK, new JsonObject());

        await aws.Client.CallAsync(AwsJsonService.CostExplorer, "GetCostAndUsage", new CloudCaller("123456789012", "cn-north-1", "PortalCostExplorer", "portal"), [], CancellationToken.None);

        var request = Assert.Single(aws.Requests);
        Assert.Equal(new Uri("https://ce.cn-northwest-1.amazonaws.com.cn/"), request.Uri);
        Assert.Contains("/20261122/cn-northwest-1/ce/aws4_request", request.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eu-west-1", "arn:aws:iam::123456789012:role/Deployer")]
    [InlineData("cn-north-1", "arn:aws-cn:iam::123456789012:role/Deployer")]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::123456789012:role/Deployer")]
    public void Role_arns_are_built_in_the_regions_partition(string region, string arn) =>
        Assert.Equal(arn, AwsPartition.Of(region).RoleArn("123456789012", "Deployer"));

    [Theory]
    [InlineData("token:release-bot", "token-release-bot")]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("token:ci deploy (main)", "token-ci-deploy--main-")]
    [InlineData("x", "x-")]
    [InlineData("", "--")]
    public void Session_names_are_made_valid_for_sts(string name, string session)
    {
        Assert.Equal(session, StsSessionName.For(name));
        Assert.True(StsSessionName.IsValid(StsSessionName.For(name)));
    }

    [Fact]
    public void A_session_name_longer_than_sts_allows_is_cut_to_64()
    {
        var session = StsSessionName.For("token:" + new string('a', 100));

        Assert.Equal(64, session.Length);
        Assert.StartsWith("token-aaa", session, StringComparison.Ordinal);
    }
}
