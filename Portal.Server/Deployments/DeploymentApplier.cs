using System.Collections.Concurrent;
using Portal.Server.Cloud;
using Portal.Server.Fleet;
using Portal.Shared.Deployments;
using Portal.Shared.Fleet;

namespace Portal.Server.Deployments;

/// <summary>
/// Carries out a deploy's writes (register the revision if needed, update the service, record it)
/// away from the request that asked for them: in a scope of its own and under the host's lifetime,
/// so a slow AWS holds no request and a closed page or dropped connection never cuts a deploy in
/// half. It knows which deployments it is applying, so the follower leaves those alone.
/// </summary>
public sealed partial class DeploymentApplier(IServiceScopeFactory scopes, ILogger<DeploymentApplier> logger) : IHostedService, IDisposable
{
    // What is applied now in this process, each as a task that never faults (its outcome goes to the caller's task).
    private readonly ConcurrentDictionary<Guid, Task> _applying = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;

    /// <summary>Whether the deployment's writes are under way in this process.</summary>
    public bool IsApplying(Guid deploymentId) => _applying.ContainsKey(deploymentId);

    /// <summary>Starts applying the deployment; the task ends with what <see cref="Deployer.ApplyAsync"/> answered.</summary>
    public Task<DeployResult> Start(DeploymentApply apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var outcome = new TaskCompletionSource<DeployResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Not the request's execution context: its HttpContext, caller and cancellation must not follow the writes.
        using (ExecutionContext.SuppressFlow())
        {
            _applying[apply.DeploymentId] = Task.Run(() => RunAsync(apply, gate.Task, outcome));
        }

        gate.SetResult();
        return outcome.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Lets the writes under way finish while the host allows, then cuts them off (the follower resolves them on the next start).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host may be stopped more than once (a test host disposed twice); the first stop did the work.
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            await Task.WhenAll(_applying.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogCutOff(logger, _applying.Count);
        }
        finally
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(DeploymentApply apply, Task registered, TaskCompletionSource<DeployResult> outcome)
    {
        // Registered in _applying before the first write, so the follower never takes it for cut off.
        await registered;
        try
        {
            var result = await ApplyInScopeAsync(apply);
            _applying.TryRemove(apply.DeploymentId, out _);
            outcome.SetResult(result);
        }
        catch (Exception error)
        {
            // The deployment stays Requested: the follower asks ECS what became of it and frees the lock.
            _applying.TryRemove(apply.DeploymentId, out _);
            if (error is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                LogApplyFailed(logger, apply.Service.Environment, apply.Service.Service.Name, error);
            }

            outcome.SetException(error);
        }
    }

    private async Task<DeployResult> ApplyInScopeAsync(DeploymentApply apply)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Deployer>().ApplyAsync(apply, _stopping.Token);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying the deploy of {Environment}/{Service} failed; the follower will ask ECS what became of it")]
    private static partial void LogApplyFailed(ILogger logger, string environment, string service, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host stopped while {Count} deploys were being applied; they are resolved from ECS on the next start")]
    private static partial void LogCutOff(ILogger logger, int count);
}

/// <summary>
/// What applying a recorded deployment needs, decided in the request that asked for it: the
/// deployment, where it runs, and who writes (the caller's role, or the deployer role of an auto-deploy).
/// </summary>
public sealed record DeploymentApply(Guid DeploymentId, FleetEnvironment Environment, ServiceView Service, CloudCaller Writer, string? RemoteAddress);
