using Portal.Server.Cloud;

namespace Portal.Server.Costs;

/// <summary>
/// Who asks Cost Explorer: the management account of consolidated billing, under a read role.
/// Null <see cref="Caller"/> when the portal is not configured to read costs; <see cref="NotConfigured"/> says why.
/// </summary>
public sealed record CostExplorerAccount(CloudCaller? Caller, string? NotConfigured = null);
