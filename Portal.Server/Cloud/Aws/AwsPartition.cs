namespace Portal.Server.Cloud.Aws;

/// <summary>
/// The AWS partition a region belongs to: its name in ARNs, the DNS suffix of its endpoints and the
/// region its partition-wide services (Cost Explorer) answer in. Regions of one partition share an
/// identity: a role in aws-cn cannot be assumed from aws.
/// </summary>
public sealed record AwsPartition(string Id, string DnsSuffix, string CostExplorerRegion)
{
    public static AwsPartition Aws { get; } = new("aws", "amazonaws.com", "us-east-1");

    public static AwsPartition China { get; } = new("aws-cn", "amazonaws.com.cn", "cn-northwest-1");

    public static AwsPartition GovCloud { get; } = new("aws-us-gov", "amazonaws.com", "us-gov-west-1");

    public static AwsPartition Iso { get; } = new("aws-iso", "c2s.ic.gov", "us-iso-east-1");

    public static AwsPartition IsoB { get; } = new("aws-iso-b", "sc2s.sgov.gov", "us-isob-east-1");

    public static AwsPartition IsoE { get; } = new("aws-iso-e", "cloud.adc-e.uk", "eu-isoe-west-1");

    public static AwsPartition IsoF { get; } = new("aws-iso-f", "csp.hci.ic.gov", "us-isof-south-1");

    public static AwsPartition EuropeanSovereign { get; } = new("aws-eusc", "amazonaws.eu", "eusc-de-east-1");

    /// <summary>Longest prefix first: "us-isob-" must not be read as "us-iso-".</summary>
    private static readonly (string Prefix, AwsPartition Partition)[] ByRegionPrefix =
    [
        ("us-isob-", IsoB),
        ("us-isof-", IsoF),
        ("us-iso-", Iso),
        ("eu-isoe-", IsoE),
        ("us-gov-", GovCloud),
        ("cn-", China),
        ("eusc-", EuropeanSovereign),
    ];

    /// <summary>The partition of a region name such as "eu-west-1", "cn-north-1" or "us-gov-west-1"; "aws" for any other.</summary>
    public static AwsPartition Of(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        foreach (var (prefix, partition) in ByRegionPrefix)
        {
            if (region.StartsWith(prefix, StringComparison.Ordinal))
            {
                return partition;
            }
        }

        return Aws;
    }

    /// <summary>An IAM role's ARN in this partition: arn:aws-cn:iam::123456789012:role/Name.</summary>
    public string RoleArn(string accountId, string roleName) => $"arn:{Id}:iam::{accountId}:role/{roleName}";

    public override string ToString() => Id;
}
