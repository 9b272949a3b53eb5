using System.Globalization;

namespace Portal.Shared.Fleet;

/// <summary>
/// Addresses in the AWS console for a task and its containers' log streams, built from what the poller read.
/// Each goes through the account's role-switch page, so it opens in the environment's account whichever account
/// the browser's console session is in; the role is filled in when the portal knows it, else the page asks for it.
/// </summary>
public static class TaskLinks
{
    /// <summary>The ECS console page of one task.</summary>
    public static string Task(string accountId, string region, string cluster, TaskRecord task, string? roleName = null, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var target = string.Create(CultureInfo.InvariantCulture,
            $"https://{region}.console.aws.amazon.com/ecs/v2/clusters/{Uri.EscapeDataString(cluster)}/tasks/{Uri.EscapeDataString(task.Id)}/configuration?region={region}");
        return RoleSwitchLink.To(accountId, region, target, roleName, displayName);
    }

    /// <summary>
    /// The awslogs stream of one container of a task: prefix/container/task-id, as the awslogs driver names it; null
    /// when the container's settings name no stream prefix (the stream is then named by the container runtime's id).
    /// </summary>
    public static string? LogStream(string accountId, ContainerLogSettings logs, TaskRecord task, string? roleName = null, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(task);
        if (string.IsNullOrWhiteSpace(logs.StreamPrefix))
        {
            return null;
        }

        var stream = $"{logs.StreamPrefix}/{logs.Container}/{task.Id}";
        var target = string.Create(CultureInfo.InvariantCulture,
            $"https://{logs.Region}.console.aws.amazon.com/cloudwatch/home?region={logs.Region}#logsV2:log-groups/log-group/{ConsoleEncode(logs.Group)}/log-events/{ConsoleEncode(stream)}");
        return RoleSwitchLink.To(accountId, logs.Region, target, roleName, displayName);
    }

    /// <summary>The CloudWatch console's own escaping of names in its fragment: URL-encoded, then each '%' written "$25".</summary>
    public static string ConsoleEncode(string name) => Uri.EscapeDataString(name).Replace("%", "$25", StringComparison.Ordinal);
}
