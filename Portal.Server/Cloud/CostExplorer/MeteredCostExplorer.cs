namespace Portal.Server.Cloud.CostExplorer;

/// <summary>Counts every Cost Explorer call, whichever world answers it: each one is charged.</summary>
public sealed class MeteredCostExplorer(ICostExplorer inner, CloudCallMeter meter) : ICostExplorer
{
    public const string Service = "ce";

    public Task<GetCostAndUsageResponse> GetCostAndUsageAsync(CloudCaller caller, GetCostAndUsageRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "GetCostAndUsage", () => inner.GetCostAndUsageAsync(caller, request, cancellationToken));

    public Task<GetCostForecastResponse> GetCostForecastAsync(CloudCaller caller, GetCostForecastRequest request, CancellationToken cancellationToken) =>
        meter.MeasureAsync(Service, "GetCostForecast", () => inner.GetCostForecastAsync(caller, request, cancellationToken));
}
