using Portal.Shared.Deployments;
using Portal.Shared.History;

namespace Portal.Client.Tests.Support;

/// <summary>A history held in a list: filters on environment, service and kind, paged with the real cursor.</summary>
public sealed class InMemoryHistory : IHistory
{
    public List<TimelineItem> Items { get; } = [];

    public List<TimelineQuery> Queries { get; } = [];

    public Task<TimelinePage> TimelineAsync(TimelineQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Queries.Add(query);
        TimelineCursor.TryParse(query.After, out var cursor);
        var matching = Items
            .Where(i => query.Environment is null || i.Environment == query.Environment)
            .Where(i => query.Service is null || i.Service == query.Service)
            .Where(i => query.Kind is null || i.Kind == query.Kind)
            .Where(i => cursor is null || cursor.Precedes(i))
            .Order(Comparer<TimelineItem>.Create(TimelineCursor.Order))
            .ToList();
        if (query.Fold)
        {
            // As the server's reader does: a page of folded rows ends just before the first row left out.
            var folded = TimelineFolding.Fold(matching);
            if (folded.Count <= query.PageSize)
            {
                return Task.FromResult(new TimelinePage(folded, null));
            }

            var kept = matching[..matching.IndexOf(TimelineFolding.Members(folded[query.PageSize]).First())];
            return Task.FromResult(new TimelinePage(TimelineFolding.Fold(kept), TimelineCursor.Of(kept[^1]).ToString()));
        }

        var page = matching.Take(query.PageSize).ToList();
        var next = matching.Count > query.PageSize ? TimelineCursor.Of(page[^1]).ToString() : null;
        return Task.FromResult(new TimelinePage(page, next));
    }

    public Task<DeliveryFigures> FiguresAsync(FiguresQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(DeliveryFigures.Compute(query, Items
            .Where(i => i.Deployment is not null)
            .Select(i => new FigureDeployment(i.Environment, i.Cluster, i.Service, i.Deployment!.Kind, i.Deployment.Status, i.Deployment.RequestedAt, i.Deployment.FinishedAt,
                i.Deployment.Actor, i.Source)),
            Items
            .Where(i => i.Alarm is not null)
            .Select(i => new FigureAlarmChange(i.Environment, i.Cluster, i.Service, i.Alarm!.Name, i.Alarm.State, i.At))));

    public static TimelineItem Deploy(string environment, string service, DateTimeOffset at, DeploymentStatus status, string actor = "alice") => new(
        TimelineKind.Deploy, Guid.NewGuid().ToString("N"), at, environment, "main", service, "ui", $"Deploy of {service}",
        new TimelineDeployment(
            Guid.NewGuid(), "deploy", actor, status, null, $"arn:aws:ecs:eu-west-1:1:task-definition/{service}:1", null, $"repo/{service}:2.4.0", null,
            at, at.AddMinutes(1), at.AddMinutes(4), HistoryLinks.ForDeployment(environment, "main", service, at, at.AddMinutes(4))),
        null);

    /// <summary>A service deployment ECS reported that the ledger does not hold, with a rollback when <paramref name="rolledBackAt"/> is given.</summary>
    public static TimelineItem Outside(string environment, string service, long id, DateTimeOffset at, string status, DateTimeOffset? rolledBackAt = null) => new(
        TimelineKind.EcsDeployment, id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), at, environment, "main", service, TimelineItem.EventSource,
        $"Deploy outside the portal: {status}", null, null,
        new TimelineEcsDeployment(
            $"arn:aws:ecs:eu-west-1:1:service-deployment/main/{service}/sd{id}", status, rolledBackAt is null ? null : "ECS deployment circuit breaker: tasks failed to start.",
            at, at, at.AddMinutes(6), $"arn:aws:ecs:eu-west-1:1:service-revision/main/{service}/{id}", $"arn:aws:ecs:eu-west-1:1:task-definition/{service}:42",
            [], "ecs-svc/1", rolledBackAt is { } rollbackAt ? new TimelineRollback("Circuit breaker tripped: tasks failed to start.", rollbackAt, $"arn:aws:ecs:eu-west-1:1:service-revision/main/{service}/41") : null,
            HistoryLinks.ForDeployment(environment, "main", service, at, at.AddMinutes(6))));

    public static TimelineItem Event(string environment, string service, long id, DateTimeOffset at, string message, string eventClass = "SteadyState") => new(
        TimelineKind.Event, id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), at, environment, "main", service, TimelineItem.EventSource, message,
        null, new TimelineEvent($"event-{id}", eventClass, message));

    public static TimelineItem Alarm(string environment, string service, long id, DateTimeOffset at, string state) => new(
        TimelineKind.Alarm, id.ToString("D19", System.Globalization.CultureInfo.InvariantCulture), at, environment, "main", service, TimelineItem.AlarmSource,
        $"Alarm {service}-cpu-critical: {state}", null, null,
        Alarm: new TimelineAlarm($"{service}-cpu-critical", state, "Critical", "CPUUtilization", 80, $"Threshold Crossed: {state}"));
}
