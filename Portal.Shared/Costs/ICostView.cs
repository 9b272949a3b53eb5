namespace Portal.Shared.Costs;

/// <summary>
/// Costs as the caller may see them, from the portal's cache of Cost Explorer answers. Reading
/// never calls Cost Explorer (it charges per request); only the scheduled refresh and an
/// administrator's <see cref="RefreshAsync"/> do.
/// </summary>
public interface ICostView
{
    /// <summary>The report over the accounts of every environment the caller can see.</summary>
    Task<CostReport> GetReportAsync(CancellationToken cancellationToken = default);

    /// <summary>One ECS service's cost, or null when the environment is not visible or nothing is known.</summary>
    Task<EcsServiceCost?> GetServiceCostAsync(string environment, string service, CancellationToken cancellationToken = default);

    /// <summary>Fetches fresh answers from Cost Explorer now; administrators only, and checked again here.</summary>
    Task<CostRefreshResult> RefreshAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised after a refresh stored new answers (on any thread).</summary>
    event Action? Changed;
}

/// <summary>How a requested refresh went; <see cref="Message"/> is a sentence for the person.</summary>
public sealed record CostRefreshResult(bool Refreshed, int Requests, string Message);
