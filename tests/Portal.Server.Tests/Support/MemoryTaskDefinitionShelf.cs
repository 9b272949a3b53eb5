using System.Collections.Concurrent;
using Portal.Server.Cloud.Ecs;
using Portal.Server.Fleet;

namespace Portal.Server.Tests.Support;

/// <summary>Keeps described task definitions in memory, as the database would across pollers.</summary>
internal sealed class MemoryTaskDefinitionShelf : ITaskDefinitionShelf
{
    private readonly ConcurrentDictionary<string, EcsTaskDefinition> _kept = new(StringComparer.Ordinal);

    public Task<IReadOnlyDictionary<string, EcsTaskDefinition>> FindAsync(IReadOnlyCollection<string> arns, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, EcsTaskDefinition>>(
            arns.Where(_kept.ContainsKey).Distinct(StringComparer.Ordinal).ToDictionary(a => a, a => _kept[a], StringComparer.Ordinal));

    public Task KeepAsync(IReadOnlyCollection<EcsTaskDefinition> taskDefinitions, CancellationToken cancellationToken)
    {
        foreach (var taskDefinition in taskDefinitions)
        {
            _kept.TryAdd(taskDefinition.TaskDefinitionArn, taskDefinition);
        }

        return Task.CompletedTask;
    }
}
