using System.Globalization;
using Portal.Server.Cloud;
using Portal.Shared.Time;

namespace Portal.Server.Fleet;

/// <summary>How a failed part of a refresh is told to people: which call failed, and AWS's words for why.</summary>
public static class RefreshErrors
{
    /// <summary>"ecs:ListClusters failed: ThrottlingException: Rate exceeded".</summary>
    public static string Describe(CloudException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return $"{error.Service}:{error.Operation} failed: {error.Message}";
    }

    /// <summary>"cloudwatch did not answer within 10 s".</summary>
    public static string TimedOut(string service, TimeSpan limit) =>
        $"{service} did not answer within {(limit < TimeSpan.FromSeconds(1) ? string.Create(CultureInfo.InvariantCulture, $"{limit.TotalMilliseconds:0} ms") : Durations.Humanize(limit))}";
}
