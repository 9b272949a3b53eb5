namespace Portal.Server.Fleet;

/// <summary>
/// A task definition revision as DescribeTaskDefinition answered it, kept so that no restart and no other
/// instance describes it again: a revision's ARN names one immutable document.
/// </summary>
public sealed class KnownTaskDefinition
{
    /// <summary>The revision's full ARN (family and revision number).</summary>
    public required string Arn { get; set; }

    /// <summary>The <c>taskDefinition</c> object of the answer, as JSON.</summary>
    public required string Document { get; set; }

    /// <summary>When the portal first described it.</summary>
    public DateTimeOffset DescribedAt { get; set; }
}
