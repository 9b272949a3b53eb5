using System.Collections.Concurrent;
using Portal.Server.Deployments;
using Portal.Server.Fleet;
using Portal.Server.Persistence;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Chat;

/// <summary>
/// Tells a chat command's <c>response_url</c> how its deployment goes, once per phase: started, new
/// tasks healthy, and how it ended (completed, rolled back by the circuit breaker, failed, stopped).
/// It listens to the deployment events and fleet changes the pages listen to (ADR 014) and never
/// polls: each event reads the deployment once and says the phases reached since the last one.
/// </summary>
public sealed partial class ChatProgress : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Watch> _watches = new();
    private readonly DeploymentEvents _events;
    private readonly FleetStore _fleet;
    private readonly DeploymentLedger _ledger;
    private readonly SlackResponses _responses;
    private readonly ILogger<ChatProgress> _logger;

    public ChatProgress(DeploymentEvents events, FleetStore fleet, DeploymentLedger ledger, SlackResponses responses, ILogger<ChatProgress> logger)
    {
        _events = events;
        _fleet = fleet;
        _ledger = ledger;
        _responses = responses;
        _logger = logger;
        _events.Changed += OnDeploymentChanged;
        _fleet.Changed += OnFleetChanged;
    }

    public enum Phase
    {
        None,
        Started,
        TasksHealthy,
        Finished,
    }

    /// <summary>Follows the deployment until it ends; <paramref name="what"/> names the build, for the first message.</summary>
    public void Follow(Guid deploymentId, string responseUrl, string? what)
    {
        var watch = new Watch(deploymentId, responseUrl, what);
        if (_watches.TryAdd(deploymentId, watch))
        {
            _ = AdvanceAsync(watch);
        }
    }

    public void Dispose()
    {
        _events.Changed -= OnDeploymentChanged;
        _fleet.Changed -= OnFleetChanged;
    }

    private void OnDeploymentChanged(Guid id)
    {
        if (_watches.TryGetValue(id, out var watch))
        {
            _ = AdvanceAsync(watch);
        }
    }

    private void OnFleetChanged(string environment)
    {
        foreach (var watch in _watches.Values.Where(w => w.Environment is null || w.Environment == environment))
        {
            _ = AdvanceAsync(watch);
        }
    }

    /// <summary>One watch advances one event at a time, so its messages go out once each and in order.</summary>
    private async Task AdvanceAsync(Watch watch)
    {
        await watch.Gate.WaitAsync();
        try
        {
            var deployment = await _ledger.FindAsync(watch.DeploymentId, CancellationToken.None);
            if (deployment is null)
            {
                // Refused after all (a guard, AWS before any write): the refusal was answered already.
                _watches.TryRemove(watch.DeploymentId, out _);
                return;
            }

            watch.Environment = deployment.Environment;
            foreach (var (phase, text) in Reached(deployment, watch.Said, watch.What))
            {
                _responses.Post(watch.ResponseUrl, SlackMessages.InChannel(text));
                watch.Said = phase;
            }

            if (watch.Said == Phase.Finished)
            {
                _watches.TryRemove(watch.DeploymentId, out _);
            }
        }
#pragma warning disable CA1031 // An event handler's failure must not reach the publisher of the event; the next event tries again.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogFailed(_logger, watch.DeploymentId, error);
        }
        finally
        {
            watch.Gate.Release();
        }
    }

    /// <summary>The phases reached after <paramref name="said"/>, each with its message, in order.</summary>
    private IEnumerable<(Phase Phase, string Text)> Reached(Deployment deployment, Phase said, string? what)
    {
        var name = $"{deployment.Service} in {deployment.Environment}";
        var started = deployment.Status is not DeploymentStatus.Requested;
        if (said < Phase.Started && started && deployment.Status is not DeploymentStatus.Failed)
        {
            var to = deployment.ToTaskDefinition is { } arn ? $"revision {TaskDefinitionArns.Revision(arn)}" : deployment.Image;
            yield return (Phase.Started, $":rocket: {deployment.Kind} of {name} started by {deployment.Actor}: revision {TaskDefinitionArns.Revision(deployment.FromTaskDefinition)} → {to}{(what is null ? string.Empty : ", " + what)}.");
        }

        if (said < Phase.TasksHealthy && (deployment.Status == DeploymentStatus.Completed || NewTasksHealthy(deployment) is not null))
        {
            var counts = NewTasksHealthy(deployment);
            yield return (Phase.TasksHealthy, $":white_check_mark: {name}: the new tasks are healthy" + (counts is null ? "." : $" ({counts.Value.Running} of {counts.Value.Desired} running)."));
        }

        if (said < Phase.Finished && deployment.IsFinished)
        {
            yield return (Phase.Finished, deployment.Status switch
            {
                DeploymentStatus.Completed => $":tada: {deployment.Kind} of {name} completed.",
                DeploymentStatus.RolledBack => $":leftwards_arrow_with_hook: {deployment.Kind} of {name} was rolled back by the deployment circuit breaker: {deployment.Outcome ?? "the new tasks did not become healthy"}. The previous revision runs again.",
                DeploymentStatus.Stopped => $":octagonal_sign: {deployment.Kind} of {name} was stopped: {deployment.Outcome}",
                _ => $":x: {deployment.Kind} of {name} failed: {deployment.Outcome ?? "no reason recorded"}",
            });
        }
    }

    /// <summary>The rollout to the new revision with every desired task running, as the fleet store last saw it.</summary>
    private (int Running, int Desired)? NewTasksHealthy(Deployment deployment)
    {
        if (deployment.Status != DeploymentStatus.InProgress && deployment.Status != DeploymentStatus.Completed || deployment.ToTaskDefinition is null)
        {
            return null;
        }

        var rollout = _fleet.Get(deployment.Environment).Snapshot?.Clusters
            .SelectMany(c => c.Services)
            .FirstOrDefault(s => s.Cluster == deployment.Cluster && s.Name == deployment.Service)?
            .Deployments.FirstOrDefault(d => d.TaskDefinitionArn == deployment.ToTaskDefinition);
        return rollout is { DesiredCount: > 0 } && rollout.RunningCount >= rollout.DesiredCount ? (rollout.RunningCount, rollout.DesiredCount) : null;
    }

    private sealed class Watch(Guid deploymentId, string responseUrl, string? what)
    {
        public Guid DeploymentId { get; } = deploymentId;

        public string ResponseUrl { get; } = responseUrl;

        public string? What { get; } = what;

        public string? Environment { get; set; }

        public Phase Said { get; set; }

        public SemaphoreSlim Gate { get; } = new(1, 1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat progress of deployment {DeploymentId} could not be read")]
    private static partial void LogFailed(ILogger logger, Guid deploymentId, Exception error);
}
