namespace Portal.Shared.History;

/// <summary>
/// The deploy history: the portal's ledger, the archived service events and ECS's archived service
/// deployments (deploys made outside the portal) as one timeline, and the delivery figures read from the ledger. Only environments the caller can see take part.
/// </summary>
public interface IHistory
{
    /// <summary>One page of the timeline, newest first; the page's continuation fetches the next.</summary>
    Task<TimelinePage> TimelineAsync(TimelineQuery query, CancellationToken cancellationToken = default);

    /// <summary>Delivery figures of the services and people in the query (every visible environment when it names none) over its period.</summary>
    Task<DeliveryFigures> FiguresAsync(FiguresQuery query, CancellationToken cancellationToken = default);
}
