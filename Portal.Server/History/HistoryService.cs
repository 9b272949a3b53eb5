using Portal.Server.Access;
using Portal.Shared.Fleet;
using Portal.Shared.History;

namespace Portal.Server.History;

/// <summary>The history for one caller: only the environments they can see are read.</summary>
public sealed class HistoryService(TimelineReader timeline, FiguresReader figures, IFleetView fleet, CurrentCaller caller) : IHistory
{
    public Task<TimelinePage> TimelineAsync(TimelineQuery query, CancellationToken cancellationToken = default) =>
        timeline.ReadAsync(query, VisibleEnvironments(), cancellationToken);

    public Task<DeliveryFigures> FiguresAsync(FiguresQuery query, CancellationToken cancellationToken = default) =>
        figures.ReadAsync(query, VisibleEnvironments(), cancellationToken);

    private List<string> VisibleEnvironments() => fleet.Environments.Select(e => e.Name).Where(caller.CanSee).ToList();
}
